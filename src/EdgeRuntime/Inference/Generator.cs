using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// The generation loop: backbone step → adapter head → sampler, one event at a time. <see cref="Prime(ReadOnlySpan{int})"/>
/// feeds BOS and a primer (the performer's phrase) through the backbone; each <see cref="Next"/> samples
/// one event and feeds it back. <see cref="Next"/> allocates nothing (buffers are made here, once).
/// </summary>
public sealed class Generator
{
    private readonly IFeatureBackbone _backbone;
    private readonly float[] _features; // [F] of the last fed token
    private readonly float[] _logits;   // [V]
    private readonly int[] _sounding = new int[128];
    private bool _primed;

    /// <summary>Ties a backbone, a head and a sampler together.</summary>
    /// <exception cref="ArgumentException">The head's feature size differs from the backbone's, or its vocabulary from <see cref="Vocabulary.Size"/>.</exception>
    public Generator(IFeatureBackbone backbone, AdapterHead head, Sampler sampler)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(head);
        ArgumentNullException.ThrowIfNull(sampler);
        if (head.FeatureSize != backbone.FeatureSize)
        {
            throw new ArgumentException($"The adapter expects F={head.FeatureSize} features but the backbone gives F={backbone.FeatureSize}.", nameof(head));
        }

        if (head.VocabularySize != Vocabulary.Size)
        {
            throw new ArgumentException($"The adapter has V={head.VocabularySize} outputs but vocabulary {Vocabulary.Id} has {Vocabulary.Size}.", nameof(head));
        }

        _backbone = backbone;
        Head = head;
        Sampler = sampler;
        _features = new float[backbone.FeatureSize];
        _logits = new float[Vocabulary.Size];
    }

    /// <summary>The head; swap its adapter to change style between (or during) responses.</summary>
    public AdapterHead Head { get; }

    /// <summary>The sampler with the grammar state of the stream so far.</summary>
    public Sampler Sampler { get; }

    /// <summary>Starts a new stream: zero state, BOS, then every primer token (no BOS/EOS in it).</summary>
    /// <param name="tokens">Primer events; may be empty.</param>
    public void Prime(ReadOnlySpan<int> tokens)
    {
        _backbone.ResetState();
        Sampler.Reset();
        Feed(Vocabulary.Bos);
        foreach (var token in tokens)
        {
            if (token is < 0 or >= Vocabulary.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), token, $"Primer token outside the vocabulary (0..{Vocabulary.Size - 1}).");
            }

            Feed(token);
        }

        _primed = true;
    }

    /// <summary>
    /// Starts a new stream after a phrase whose pass through the backbone is already done: the backbone takes the
    /// state the phrase left, the head reads the phrase's last features, and the sampler follows BOS and the phrase's
    /// tokens (sounding notes, clock) without running the backbone again.
    /// </summary>
    /// <param name="tokens">The phrase's events (no BOS/EOS).</param>
    /// <param name="state">The backbone state after BOS and <paramref name="tokens"/>.</param>
    /// <param name="lastFeatures">The features of the last position [F].</param>
    /// <exception cref="ArgumentException">The state or features have the wrong length.</exception>
    public void Prime(ReadOnlySpan<int> tokens, ReadOnlySpan<float> state, ReadOnlySpan<float> lastFeatures)
    {
        if (lastFeatures.Length != _features.Length)
        {
            throw new ArgumentException($"Primer features have {lastFeatures.Length} values; the head reads F={_features.Length}.", nameof(lastFeatures));
        }

        _backbone.SetState(state);
        lastFeatures.CopyTo(_features);
        Sampler.Reset();
        Sampler.Accept(Vocabulary.Bos);
        foreach (var token in tokens)
        {
            Sampler.Accept(token);
        }

        _primed = true;
    }

    /// <summary>Samples the next event and feeds it to the backbone. Allocation-free.</summary>
    /// <exception cref="InvalidOperationException"><see cref="Prime(ReadOnlySpan{int})"/> was not called.</exception>
    public int Next()
    {
        if (!_primed)
        {
            throw new InvalidOperationException("Call Prime before Next: the backbone needs at least BOS.");
        }

        Head.Forward(_features, _logits);
        var token = Sampler.Sample(_logits); // the sampler has accepted it
        _backbone.Step(token).CopyTo(_features);
        return token;
    }

    /// <summary>
    /// Generates about <paramref name="seconds"/> of music after the primer: events until their TIME_SHIFTs
    /// add up to the duration, EOS (when the sampler allows it), or <paramref name="maxTokens"/>; then
    /// NOTE_OFF for every note still sounding. EOS is not included in the result.
    /// </summary>
    /// <param name="seconds">Musical time to generate.</param>
    /// <param name="maxTokens">Safety cap for models that never advance time; default 50 events per second + 64.</param>
    public int[] Generate(double seconds, int? maxTokens = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(seconds);
        var cap = maxTokens ?? (int)Math.Min(int.MaxValue, (seconds * 50) + 64);
        var tokens = new List<int>();
        var start = Sampler.ElapsedSeconds;
        while (Sampler.ElapsedSeconds - start < seconds - 1e-9 && tokens.Count < cap)
        {
            var token = Next();
            if (token == Vocabulary.Eos)
            {
                break;
            }

            tokens.Add(token);
        }

        var sounding = Sampler.CopySoundingPitches(_sounding);
        for (var i = 0; i < sounding; i++)
        {
            var off = Vocabulary.NoteOff(_sounding[i]);
            Feed(off);
            tokens.Add(off);
        }

        return [.. tokens];
    }

    private void Feed(int token)
    {
        _backbone.Step(token).CopyTo(_features);
        Sampler.Accept(token);
    }
}
