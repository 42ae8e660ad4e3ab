using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Data;

/// <summary>One task of a meta-batch: the first K phrases (support, what the performer plays) and the following ones (query).</summary>
/// <param name="Source">The task the phrases came from.</param>
/// <param name="Support">Up to K phrases the inner loop adapts on.</param>
/// <param name="Query">Up to Q following phrases the outer loss (or the evaluation) scores.</param>
public sealed record TaskSplit(MusicTask Source, IReadOnlyList<Phrase> Support, IReadOnlyList<Phrase> Query)
{
    /// <summary>Splits <paramref name="task"/> into its first <paramref name="shots"/> phrases and up to <paramref name="queryPhrases"/> after them.</summary>
    /// <exception cref="ArgumentException">The task has no phrase after the support.</exception>
    public static TaskSplit Of(MusicTask task, int shots, int queryPhrases)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryPhrases);
        if (task.Phrases.Count <= shots)
        {
            throw new ArgumentException($"Task '{task.Name}' ({task.Family}) has {task.Phrases.Count} phrases; {shots} shots need at least {shots + 1}.", nameof(task));
        }

        var support = task.Phrases.Take(shots).ToArray();
        var query = task.Phrases.Skip(shots).Take(queryPhrases).ToArray();
        return new TaskSplit(task, support, query);
    }
}
