using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// What the inner loop learns from: one feature vector per predicted position and the token that
/// followed it. Each phrase contributes BOS + events + EOS: inputs = sequence[..^1] go through the
/// frozen backbone, targets = sequence[1..] are what the adapter must predict. The loss is the mean
/// cross-entropy over all <see cref="Count"/> positions of all phrases (the trainer's ANIL inner loop
/// normalises the same way).
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

    /// <summary>
    /// Runs every phrase through the backbone in sequence mode (each from the zero state) and
    /// collects features and next-token targets.
    /// </summary>
    /// <exception cref="ArgumentException">No phrases were given, or the backbone returned features of the wrong size.</exception>
    public static SupportBatch FromPhrases(IFeatureBackbone backbone, IReadOnlyList<Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(phrases);
        if (phrases.Count == 0)
        {
            throw new ArgumentException("Adaptation needs at least one phrase.", nameof(phrases));
        }

        int f = backbone.FeatureSize;
        int total = 0;
        foreach (var phrase in phrases)
        {
            total += phrase.Length + 1;
        }

        var features = new float[total * f];
        var targets = new int[total];
        int row = 0;
        foreach (var phrase in phrases)
        {
            int[] sequence = phrase.ToModelSequence();
            int t = sequence.Length - 1;
            float[] phraseFeatures = backbone.RunSequence(sequence.AsSpan(0, t)); // [T, F]
            if (phraseFeatures.Length != t * f)
            {
                throw new ArgumentException($"The backbone returned {phraseFeatures.Length} feature values for {t} tokens; expected {t * f} (F={f}).", nameof(backbone));
            }

            phraseFeatures.CopyTo(features, row * f);
            Array.Copy(sequence, 1, targets, row, t);
            row += t;
        }

        return new SupportBatch(features, targets, f);
    }
}
