using System.Runtime.CompilerServices;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Methods (a) and (b) of the protocol through the device's own code: the frozen backbone (any
/// <see cref="IFeatureBackbone"/>, e.g. <c>OnnxBackbone</c> on the exported model) with the adapter head,
/// either as meta-learned (unadapted) or after EdgeRuntime's <see cref="InnerLoop"/> on the support.
/// Responses come from the device's <see cref="Generator"/>, primed with the last support phrase.
/// </summary>
public sealed class DeviceAdapterMethod : IFewShotMethod, IResponseGenerator
{
    private readonly IFeatureBackbone _backbone;
    private readonly AdapterParameters _initial;
    private readonly InnerLoop? _innerLoop;
    private readonly SamplerSettings _sampler;
    // The adapted parameters of an episode, shared by Predict and Respond.
    private readonly ConditionalWeakTable<FewShotEpisode, AdapterParameters> _adapted = [];

    /// <summary>Creates the method.</summary>
    /// <param name="name">Report name, e.g. "unadapted" or "device adapter".</param>
    /// <param name="backbone">The frozen backbone; its step state is used by <see cref="Respond"/>.</param>
    /// <param name="initial">The meta-learned adapter (not modified).</param>
    /// <param name="innerLoop">The device inner loop; null evaluates <paramref name="initial"/> unadapted.</param>
    /// <param name="sampler">Sampling settings for responses (the seed is set per episode).</param>
    /// <exception cref="ArgumentException">The adapter does not fit the backbone or the vocabulary.</exception>
    public DeviceAdapterMethod(string name, IFeatureBackbone backbone, AdapterParameters initial, InnerLoopSettings? innerLoop, SamplerSettings? sampler = null)
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
        _innerLoop = innerLoop is null ? null : new InnerLoop(innerLoop);
        _sampler = sampler ?? new SamplerSettings();
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var head = new AdapterHead(AdapterFor(episode));
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
    public IReadOnlyList<Phrase> Respond(FewShotEpisode episode, int seed)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var generator = new Generator(_backbone, new AdapterHead(AdapterFor(episode)), new Sampler(_sampler with { Seed = seed }));
        var responses = new List<Phrase>(episode.Query.Count);
        foreach (var query in episode.Query)
        {
            // The device answers what the performer just played (the last support phrase) for about as long as the query lasts.
            generator.Prime(episode.Support[^1].Tokens);
            var seconds = Math.Max(StyleProfile.Of([query]).Seconds, Vocabulary.TimeStepSeconds);
            responses.Add(new Phrase(generator.Generate(seconds, maxTokens: Math.Max(4 * query.Length, 64))));
        }

        return responses;
    }

    private AdapterParameters AdapterFor(FewShotEpisode episode) =>
        _innerLoop is null
            ? _initial
            : _adapted.GetValue(episode, e => _innerLoop.Adapt(_initial, SupportBatch.FromPhrases(_backbone, e.Support)).Adapted);
}
