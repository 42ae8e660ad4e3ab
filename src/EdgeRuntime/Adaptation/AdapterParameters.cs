namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// The adapter: the only part of the model that learns on the device. It maps backbone features
/// f [F] to next-event logits [V]:
///   f' = f + LoraUp · (LoraDown · f)      (optional low-rank residual, rank r; absent when r = 0)
///   logits = HeadWeight · f' + HeadBias
/// Arrays are row-major float32, laid out exactly as the tensors in <c>adapter.safetensors</c>:
///   head.weight [V, F], head.bias [V], lora.down [r, F], lora.up [F, r].
/// TorchSharp's Linear uses the same [out, in] layout, so the trainer copies tensors straight in.
/// </summary>
public sealed class AdapterParameters
{
    public const string HeadWeightName = "head.weight";
    public const string HeadBiasName = "head.bias";
    public const string LoraDownName = "lora.down";
    public const string LoraUpName = "lora.up";

    public AdapterParameters(int vocabularySize, int featureSize, int rank = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        VocabularySize = vocabularySize;
        FeatureSize = featureSize;
        Rank = rank;
        HeadWeight = new float[vocabularySize * featureSize];
        HeadBias = new float[vocabularySize];
        LoraDown = new float[rank * featureSize];
        LoraUp = new float[featureSize * rank];
    }

    /// <summary>V: number of output tokens.</summary>
    public int VocabularySize { get; }
    /// <summary>F: size of the backbone's feature vector.</summary>
    public int FeatureSize { get; }
    /// <summary>r: rank of the low-rank residual; 0 means none.</summary>
    public int Rank { get; }

    /// <summary>[V, F] row-major.</summary>
    public float[] HeadWeight { get; }
    /// <summary>[V].</summary>
    public float[] HeadBias { get; }
    /// <summary>[r, F] row-major (empty when Rank = 0).</summary>
    public float[] LoraDown { get; }
    /// <summary>[F, r] row-major (empty when Rank = 0).</summary>
    public float[] LoraUp { get; }

    /// <summary>Every tensor with its name and shape, in file order.</summary>
    public IEnumerable<(string Name, int[] Shape, float[] Data)> Tensors()
    {
        yield return (HeadWeightName, [VocabularySize, FeatureSize], HeadWeight);
        yield return (HeadBiasName, [VocabularySize], HeadBias);
        if (Rank > 0)
        {
            yield return (LoraDownName, [Rank, FeatureSize], LoraDown);
            yield return (LoraUpName, [FeatureSize, Rank], LoraUp);
        }
    }

    /// <summary>
    /// True when every weight is a finite number. A NaN or infinity (a diverged inner loop, a damaged file)
    /// would make every logit NaN and leave the sampler with no token, so such an adapter is never loaded,
    /// saved or played.
    /// </summary>
    public bool IsFinite() => FirstNonFinite() is null;

    /// <summary>The first weight that is NaN or infinite (tensor name, flat index, value), or null when all are finite.</summary>
    public (string Tensor, int Index, float Value)? FirstNonFinite()
    {
        foreach (var (name, _, data) in Tensors())
        {
            for (var i = 0; i < data.Length; i++)
            {
                if (!float.IsFinite(data[i]))
                {
                    return (name, i, data[i]);
                }
            }
        }

        return null;
    }

    /// <summary>A deep copy: adaptation works on a clone and swaps it in when done.</summary>
    public AdapterParameters Clone()
    {
        var copy = new AdapterParameters(VocabularySize, FeatureSize, Rank);
        CopyTo(copy);
        return copy;
    }

    /// <summary>Copies every value into <paramref name="target"/>, which must have the same shape.</summary>
    public void CopyTo(AdapterParameters target)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.VocabularySize != VocabularySize || target.FeatureSize != FeatureSize || target.Rank != Rank)
        {
            throw new ArgumentException(
                $"Adapter shapes differ: [V={VocabularySize}, F={FeatureSize}, r={Rank}] vs [V={target.VocabularySize}, F={target.FeatureSize}, r={target.Rank}].",
                nameof(target));
        }

        HeadWeight.CopyTo(target.HeadWeight, 0);
        HeadBias.CopyTo(target.HeadBias, 0);
        LoraDown.CopyTo(target.LoraDown, 0);
        LoraUp.CopyTo(target.LoraUp, 0);
    }
}
