using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// One few-shot trial: a held-out task split into a support set (the first K phrases, what the performer
/// plays) and a query set (the rest, what the methods are scored on). Predictions are cached per method,
/// so a mixture can reuse its components' predictions instead of computing them twice.
/// </summary>
public sealed class FewShotEpisode
{
    private readonly Dictionary<IFewShotMethod, IReadOnlyList<SequenceDistributions>> _predictions = new(ReferenceEqualityComparer.Instance);

    /// <summary>Splits <paramref name="task"/> after its first <paramref name="shots"/> phrases.</summary>
    /// <param name="task">A held-out task with more than <paramref name="shots"/> phrases.</param>
    /// <param name="shots">K, the number of support phrases.</param>
    /// <param name="seed">Seed for anything random a method does in this episode (sampling, shuffling).</param>
    /// <param name="queryStart">Index of the first query phrase, at least K (default K: the query is the rest).</param>
    /// <param name="maxQueryPhrases">Keep at most this many query phrases (0 = all).</param>
    /// <exception cref="ArgumentException">The task has no phrase left for the query.</exception>
    public FewShotEpisode(MusicTask task, int shots, int seed, int? queryStart = null, int maxQueryPhrases = 0)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        ArgumentOutOfRangeException.ThrowIfNegative(maxQueryPhrases);
        var start = queryStart ?? shots;
        ArgumentOutOfRangeException.ThrowIfLessThan(start, shots, nameof(queryStart));
        if (task.Phrases.Count <= start)
        {
            throw new ArgumentException($"task {task.Name} has {task.Phrases.Count} phrases, needs more than {start} to leave a query after K = {shots}", nameof(task));
        }

        Task = task;
        Shots = shots;
        Seed = seed;
        Support = task.Phrases.Take(shots).ToArray();
        var query = task.Phrases.Skip(start);
        Query = (maxQueryPhrases > 0 ? query.Take(maxQueryPhrases) : query).ToArray();
    }

    /// <summary>The task this episode comes from.</summary>
    public MusicTask Task { get; }

    /// <summary>K.</summary>
    public int Shots { get; }

    /// <summary>Seed for the episode's random choices.</summary>
    public int Seed { get; }

    /// <summary>The first K phrases: all a method may learn from.</summary>
    public IReadOnlyList<Phrase> Support { get; }

    /// <summary>The remaining phrases, scored as BOS + events + EOS each.</summary>
    public IReadOnlyList<Phrase> Query { get; }

    /// <summary>
    /// The method's predictions for every query phrase, computed once per episode and then cached.
    /// </summary>
    /// <exception cref="InvalidOperationException">The method returned the wrong number or shape of predictions.</exception>
    public IReadOnlyList<SequenceDistributions> PredictionsOf(IFewShotMethod method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (_predictions.TryGetValue(method, out var cached))
        {
            return cached;
        }

        var predictions = method.Predict(this);
        if (predictions.Count != Query.Count)
        {
            throw new InvalidOperationException($"method '{method.Name}' returned {predictions.Count} predictions for {Query.Count} query phrases of task {Task.Name}");
        }

        for (var i = 0; i < predictions.Count; i++)
        {
            var expected = Query[i].Length + 1;
            if (predictions[i].Positions != expected || predictions[i].VocabularySize != Vocabulary.Size)
            {
                throw new InvalidOperationException($"method '{method.Name}' returned [{predictions[i].Positions}, {predictions[i].VocabularySize}] for query phrase {i} of task {Task.Name}, expected [{expected}, {Vocabulary.Size}]");
            }
        }

        _predictions.Add(method, predictions);
        return predictions;
    }
}
