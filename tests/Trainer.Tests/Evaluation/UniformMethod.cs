using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

/// <summary>A method that knows nothing: uniform over the vocabulary. Counts its calls so tests can check caching.</summary>
internal sealed class UniformMethod : IFewShotMethod
{
    public string Name => "uniform";

    public int Calls { get; private set; }

    public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
    {
        Calls++;
        return episode.Query
            .Select(p => new SequenceDistributions(p.Length + 1, Vocabulary.Size, Enumerable.Repeat(1.0 / Vocabulary.Size, (p.Length + 1) * Vocabulary.Size).ToArray()))
            .ToArray();
    }
}
