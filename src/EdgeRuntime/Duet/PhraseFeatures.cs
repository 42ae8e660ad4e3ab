using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// One phrase run through the frozen backbone once, from the zero state as in training: the features of
/// BOS + events (one row per position, what the adapter learns from) and the recurrent state after the last event
/// (where an answer to this phrase starts). Adaptation and the answer's priming both use it, so the backbone
/// never runs a phrase twice.
/// <para>The live duet keeps these numbers in arrays it reuses (<see cref="PhraseBuffers"/>): a phrase's features are
/// 16 K floats, and one new array per phrase heard filled the young generation within the hour (README "Soak"). Such
/// a phrase is <see cref="IsReleased"/> once the duet no longer holds it (it left the window and no answer can still
/// prime from it); reading it then throws instead of returning another phrase's numbers.</para>
/// </summary>
public sealed class PhraseFeatures
{
    private readonly float[] _features;
    private readonly float[] _finalState;
    private PhraseBuffers? _owner;
    private bool _released;

    /// <summary>A phrase's features in arrays of its own.</summary>
    /// <param name="phrase">The phrase.</param>
    /// <param name="features">[T, F] row-major, T = events + 1 (BOS first); row t predicts the token after position t.</param>
    /// <param name="finalState">The recurrent state after the last event, [Layers × H].</param>
    /// <param name="featureSize">F.</param>
    /// <exception cref="ArgumentException">The features are not BOS + events rows of F.</exception>
    public PhraseFeatures(Phrase phrase, float[] features, float[] finalState, int featureSize)
        : this(phrase, features, finalState, featureSize, null)
    {
        if (features.Length != Positions * featureSize)
        {
            throw new ArgumentException($"{features.Length} features are not {Positions} positions (BOS + events) of F={featureSize}.", nameof(features));
        }
    }

    // Features in the first (events + 1) × F values of `features`, which may be longer (an array of `owner`'s).
    internal PhraseFeatures(Phrase phrase, float[] features, float[] finalState, int featureSize, PhraseBuffers? owner)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(finalState);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        Phrase = phrase;
        FeatureSize = featureSize;
        Positions = phrase.Length + 1;
        if (features.Length < Positions * featureSize)
        {
            throw new ArgumentException($"{features.Length} features cannot hold {Positions} positions of F={featureSize}.", nameof(features));
        }

        _features = features;
        _finalState = finalState;
        _owner = owner;
    }

    /// <summary>The phrase.</summary>
    public Phrase Phrase { get; }

    /// <summary>F.</summary>
    public int FeatureSize { get; }

    /// <summary>Positions (BOS + events).</summary>
    public int Positions { get; }

    /// <summary>[T, F] row-major, T = <see cref="Positions"/>; row t predicts the token after position t.</summary>
    /// <exception cref="ObjectDisposedException">The duet released the phrase.</exception>
    public ReadOnlySpan<float> Features => Live()._features.AsSpan(0, Positions * FeatureSize);

    /// <summary>The recurrent state after the last event, [Layers × H].</summary>
    /// <exception cref="ObjectDisposedException">The duet released the phrase.</exception>
    public ReadOnlySpan<float> FinalState => Live()._finalState;

    /// <summary>Features of the last position: what the head reads to choose the first token of an answer.</summary>
    public ReadOnlySpan<float> LastFeatures => Features[((Positions - 1) * FeatureSize)..];

    /// <summary>Whether the duet has taken the arrays back for another phrase.</summary>
    public bool IsReleased => _released;

    // The duet is done with the phrase: its arrays go back for the next one.
    internal void Release()
    {
        if (_owner is { } owner && !_released)
        {
            _released = true;
            _owner = null;
            owner.Return(_features, _finalState);
        }
    }

    private PhraseFeatures Live() => _released
        ? throw new ObjectDisposedException(nameof(PhraseFeatures), "The duet released this phrase's features (it left the window); read them while it is in the window.")
        : this;

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
        ArgumentNullException.ThrowIfNull(phrases);
        float[] features = [];
        int[] targets = [];
        return Batch([.. phrases], ref features, ref targets);
    }

    /// <summary>
    /// The same batch gathered into <paramref name="features"/> and <paramref name="targets"/>, which grow when too small
    /// and are otherwise reused: a window of 512 events is a 512 KB feature array, a large object whose allocation on
    /// every adaptation started background full collections during play (README "Soak").
    /// </summary>
    public static SupportBatch Batch(ReadOnlySpan<PhraseFeatures> phrases, ref float[] features, ref int[] targets)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (phrases.IsEmpty)
        {
            throw new ArgumentException("Adaptation needs at least one phrase.", nameof(phrases));
        }

        var f = phrases[0].FeatureSize;
        var total = 0;
        foreach (var p in phrases)
        {
            total += p.Positions;
        }

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

            p.Features.CopyTo(features.AsSpan(row * f));
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
