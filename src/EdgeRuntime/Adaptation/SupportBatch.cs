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
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        if (features.Length != targets.Length * featureSize)
        {
            throw new ArgumentException(
                $"Support features hold {features.Length} values; {targets.Length} targets × F={featureSize} need {targets.Length * featureSize}.",
                nameof(features));
        }

        foreach (int t in targets)
        {
            if (t < 0)
            {
                throw new ArgumentException($"Support target {t} is negative.", nameof(targets));
            }
        }

        Features = features;
        Targets = targets;
        FeatureSize = featureSize;
    }

    /// <summary>[N, F] row-major.</summary>
    public float[] Features { get; }

    /// <summary>[N] token ids.</summary>
    public int[] Targets { get; }

    /// <summary>F.</summary>
    public int FeatureSize { get; }

    /// <summary>N: number of predicted positions.</summary>
    public int Count => Targets.Length;
}
