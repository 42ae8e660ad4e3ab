using System.Runtime.CompilerServices;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Methods (a) and (b) of the protocol through the device's own path: a <see cref="DuetSession"/> on the frozen
/// backbone (any <see cref="IFeatureBackbone"/>, e.g. <c>OnnxBackbone</c> on the exported model) hears the support
/// phrases and adapts to them (or not, unadapted) exactly as the box does, and its answers to the last support phrase
/// are what the box would play. Predictions score the query with the duet's adapter.
/// </summary>
public sealed class DeviceAdapterMethod : IFewShotMethod, IResponseGenerator
{
    private readonly IFeatureBackbone _backbone;
    private readonly AdapterParameters _initial;
    private readonly InnerLoop? _innerLoop;   // one for every episode's duet (its ONNX Runtime sessions are built once)
    private readonly SamplerSettings _sampler;
    private readonly DuetSettings _settings;
    // The duet of an episode, shared by Predict and Respond.
    private readonly ConditionalWeakTable<FewShotEpisode, DuetSession> _duets = [];

    /// <summary>Creates the method.</summary>
    /// <param name="name">Report name, e.g. "unadapted" or "device adapter".</param>
    /// <param name="backbone">The frozen backbone; its step state is used by <see cref="Respond"/>.</param>
    /// <param name="initial">The meta-learned adapter (not modified).</param>
    /// <param name="innerLoop">The device inner loop; null evaluates <paramref name="initial"/> unadapted.</param>
    /// <param name="sampler">Sampling settings for responses (the seed is set per episode).</param>
    /// <param name="settings">The duet's bounds (the box's defaults when null).</param>
    /// <exception cref="ArgumentException">The adapter does not fit the backbone or the vocabulary.</exception>
    public DeviceAdapterMethod(string name, IFeatureBackbone backbone, AdapterParameters initial, InnerLoopSettings? innerLoop, SamplerSettings? sampler = null, DuetSettings? settings = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(initial);
        if (initial.FeatureSize != backbone.FeatureSize || initial.VocabularySize != Vocabulary.Size)
        {
            throw new ArgumentException($"adapter [V={initial.VocabularySize}, F={initial.FeatureSize}] does not fit a backbone of F={backbone.FeatureSize} and vocabulary {Vocabulary.Size}", nameof(initial));
        }

        Name = name;
        _backbone = backbone;
        _initial = initial;
        _sampler = sampler ?? new SamplerSettings();
        _settings = settings ?? new DuetSettings();
        _innerLoop = innerLoop is null ? null : new InnerLoop(_settings.InnerLoopFor(innerLoop));
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var head = new AdapterHead(DuetFor(episode).Current.Adapter);
        var logits = new float[Vocabulary.Size];
        var results = new SequenceDistributions[episode.Query.Count];
        for (var i = 0; i < results.Length; i++)
        {
            var sequence = episode.Query[i].ToModelSequence();
            var positions = sequence.Length - 1;
            var features = _backbone.RunSequence(sequence.AsSpan(0, positions)); // [T-1, F]
            var all = new float[positions * Vocabulary.Size]; // [T-1, V]
            for (var t = 0; t < positions; t++)
            {
                head.Forward(features.AsSpan(t * _backbone.FeatureSize, _backbone.FeatureSize), logits);
                logits.CopyTo(all, t * Vocabulary.Size);
            }

            results[i] = SequenceDistributions.FromLogits(all, positions, Vocabulary.Size);
        }

        return results;
    }

    /// <inheritdoc/>
    /// <remarks>
    /// One answer per query phrase, each to the performer's last support phrase and as long as it (the box's
    /// answer); the first restarts the random stream at <paramref name="seed"/>, the others continue it.
    /// </remarks>
    public IReadOnlyList<Phrase> Respond(FewShotEpisode episode, int seed)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var duet = DuetFor(episode);
        var responses = new List<Phrase>(episode.Query.Count);
        for (var i = 0; i < episode.Query.Count; i++)
        {
            responses.Add(duet.Respond(i == 0 ? seed : null).Played());
        }

        return responses;
    }

    private DuetSession DuetFor(FewShotEpisode episode) =>
        _duets.GetValue(episode, e =>
        {
            var duet = new DuetSession(_backbone, _backbone, _initial, _innerLoop, _sampler, _settings);
            duet.Hear(e.Support);
            duet.Adapt();
            return duet;
        });
}
