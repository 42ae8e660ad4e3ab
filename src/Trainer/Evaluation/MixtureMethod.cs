using EdgeMeta.EdgeRuntime.Markov;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Method (e) of the protocol: a neural method (IDyOM's long-term model) mixed position by position with
/// a support-only Markov method (the short-term model) by <see cref="EntropyWeightedMixture"/>.
/// Component predictions come from the episode's cache, so each is computed once per episode.
/// </summary>
public sealed class MixtureMethod : IFewShotMethod
{
    private readonly IFewShotMethod _longTerm;
    private readonly IFewShotMethod _shortTerm;
    private readonly EntropyWeightedMixture _mixture;

    /// <summary>Combines two methods.</summary>
    /// <param name="longTerm">The neural method (unadapted, adapted, ...).</param>
    /// <param name="shortTerm">The support-only model, usually <see cref="PpmMethod"/>.</param>
    /// <param name="mixture">Weights and combination; default: bias 1, geometric.</param>
    /// <param name="name">Report name; default "&lt;longTerm&gt; + PPM".</param>
    public MixtureMethod(IFewShotMethod longTerm, IFewShotMethod shortTerm, EntropyWeightedMixture? mixture = null, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(longTerm);
        ArgumentNullException.ThrowIfNull(shortTerm);
        _longTerm = longTerm;
        _shortTerm = shortTerm;
        _mixture = mixture ?? new EntropyWeightedMixture();
        Name = name ?? $"{longTerm.Name} + PPM";
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var longTerm = episode.PredictionsOf(_longTerm);
        var shortTerm = episode.PredictionsOf(_shortTerm);
        var mixed = new SequenceDistributions[longTerm.Count];
        for (var i = 0; i < mixed.Length; i++)
        {
            var a = longTerm[i];
            var b = shortTerm[i];
            var output = new double[a.Probabilities.Length];
            for (var position = 0; position < a.Positions; position++)
            {
                _mixture.Mix(a.Row(position), b.Row(position), output.AsSpan(position * a.VocabularySize, a.VocabularySize));
            }

            mixed[i] = new SequenceDistributions(a.Positions, a.VocabularySize, output);
        }

        return mixed;
    }
}
