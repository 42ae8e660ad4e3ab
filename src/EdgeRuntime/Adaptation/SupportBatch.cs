namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// What the inner loop learns from: one feature vector per predicted position and the token that
/// followed it. Each phrase contributes BOS + events + EOS: inputs = sequence[..^1] go through the
/// frozen backbone, targets = sequence[1..] are what the adapter must predict. The loss is the mean
/// cross-entropy over all <see cref="Count"/> positions of all phrases (the trainer's ANIL inner loop
/// normalises the same way). The duet builds it from phrases it has already run through the backbone
/// (<c>Duet.PhraseFeatures.Batch</c>), so this namespace needs nothing of inference.
/// </summary>
public sealed class SupportBatch
{
    /// <summary>Wraps features [N, F] row-major and targets [N].</summary>
    /// <exception cref="ArgumentException">The sizes disagree or a target is outside the vocabulary range.</exception>
    public SupportBatch(float[] features, int[] targets, int featureSize)
        : this(features, targets, targets?.Length ?? 0, featureSize)
    {
        // Exact sizes here: a caller handing whole arrays means them all.
        if (Features.Length != Targets.Length * featureSize)
        {
            throw new ArgumentException(
                $"Support features hold {Features.Length} values; {Targets.Length} targets × F={featureSize} need {Targets.Length * featureSize}.",
                nameof(features));
        }
    }

    /// <summary>
    /// The first <paramref name="count"/> rows of reused arrays (features [≥ count, F], targets [≥ count]): the duet
    /// gathers every adaptation's support into the same arrays, so adapting allocates no large object for it.
    /// </summary>
    /// <exception cref="ArgumentException">An array is too small or a target is negative.</exception>
    public SupportBatch(float[] features, int[] targets, int count, int featureSize)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (targets.Length < count || features.Length < (long)count * featureSize)
        {
            throw new ArgumentException(
                $"Support arrays hold {targets.Length} targets and {features.Length} feature values; {count} rows × F={featureSize} need {count} and {(long)count * featureSize}.",
                nameof(features));
        }

        for (var i = 0; i < count; i++)
        {
            if (targets[i] < 0)
            {
                throw new ArgumentException($"Support target {targets[i]} is negative.", nameof(targets));
            }
        }

        Features = features;
        Targets = targets;
        Count = count;
        FeatureSize = featureSize;
    }

    /// <summary>[N, F] row-major (the array may be longer: read the first N rows).</summary>
    public float[] Features { get; }

    /// <summary>[N] token ids (the array may be longer: read the first N).</summary>
    public int[] Targets { get; }

    /// <summary>F.</summary>
    public int FeatureSize { get; }

    /// <summary>N: number of predicted positions.</summary>
    public int Count { get; }
}
