using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// One phrase run through the frozen backbone once, from the zero state as in training: the features of
/// BOS + events (one row per position, what the adapter learns from) and the recurrent state after the last event
/// (where an answer to this phrase starts). Adaptation and the answer's priming both use it, so the backbone
/// never runs a phrase twice.
/// </summary>
/// <param name="Phrase">The phrase.</param>
/// <param name="Features">[T, F] row-major, T = events + 1 (BOS first); row t predicts the token after position t.</param>
/// <param name="FinalState">The recurrent state after the last event, [Layers × H].</param>
/// <param name="FeatureSize">F.</param>
public sealed record PhraseFeatures(Phrase Phrase, float[] Features, float[] FinalState, int FeatureSize)
{
    /// <summary>Positions (BOS + events).</summary>
    public int Positions => Features.Length / FeatureSize;

    /// <summary>Features of the last position: what the head reads to choose the first token of an answer.</summary>
    public ReadOnlySpan<float> LastFeatures => Features.AsSpan(Features.Length - FeatureSize, FeatureSize);

    /// <summary>
    /// Runs <paramref name="phrase"/> through <paramref name="backbone"/> from the zero state (sequence mode, in the
    /// fixed blocks of <see cref="FeatureRun"/>, the same numbers the live duet gets by starting the run while the
    /// phrase is played; the step state is left alone).
    /// </summary>
    /// <exception cref="ArgumentException">The backbone returned features of the wrong size.</exception>
    public static PhraseFeatures Compute(IFeatureBackbone backbone, Phrase phrase)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(phrase);
        return new FeatureRun(backbone.FeatureSize, backbone.StateSize).Complete(backbone, phrase);
    }

    /// <summary>What the inner loop learns from: every position of every phrase and the token that followed it (EOS last).</summary>
    /// <exception cref="ArgumentException">No phrases, or phrases of different feature sizes.</exception>
    public static SupportBatch Batch(IReadOnlyList<PhraseFeatures> phrases)
    {
        float[] features = [];
        int[] targets = [];
        return Batch(phrases, ref features, ref targets);
    }

    /// <summary>
    /// The same batch gathered into <paramref name="features"/> and <paramref name="targets"/>, which grow when too small
    /// and are otherwise reused: a window of 512 events is a 512 KB feature array, a large object whose allocation on
    /// every adaptation started background full collections during play (README "Soak").
    /// </summary>
    public static SupportBatch Batch(IReadOnlyList<PhraseFeatures> phrases, ref float[] features, ref int[] targets)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (phrases.Count == 0)
        {
            throw new ArgumentException("Adaptation needs at least one phrase.", nameof(phrases));
        }

        var f = phrases[0].FeatureSize;
        var total = phrases.Sum(p => p.Positions);
        if (features.Length < total * f)
        {
            features = new float[total * f];
        }

        if (targets.Length < total)
        {
            targets = new int[total];
        }

        var row = 0;
        foreach (var p in phrases)
        {
            if (p.FeatureSize != f)
            {
                throw new ArgumentException($"Phrases of F={p.FeatureSize} and F={f} cannot share a batch.", nameof(phrases));
            }

            p.Features.CopyTo(features, row * f);
            p.Phrase.Tokens.CopyTo(targets, row);
            targets[row + p.Positions - 1] = Vocabulary.Eos;
            row += p.Positions;
        }

        return new SupportBatch(features, targets, total, f);
    }

    /// <summary>Runs every phrase through the backbone and batches them (tests, benchmarks, one-off scoring).</summary>
    public static SupportBatch Batch(IFeatureBackbone backbone, IReadOnlyList<Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        return Batch(phrases.Select(p => Compute(backbone, p)).ToArray());
    }
}
