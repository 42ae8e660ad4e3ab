using EdgeMeta.EdgeRuntime.Corpus;

namespace EdgeMeta.Trainer.Data;

/// <summary>
/// The one rule for which tasks a few-shot episode can use (the training-time evaluator and <c>evaluate</c> both ask):
/// more phrases than the K support phrases, so a query is left, in a stable order (family, then name).
/// </summary>
public static class EligibleTasks
{
    /// <summary>Tasks with more than <paramref name="shots"/> phrases, ordered by family then name.</summary>
    public static IEnumerable<MusicTask> For(IEnumerable<MusicTask> tasks, int shots)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return tasks
            .Where(t => t.Phrases.Count > shots)
            .OrderBy(t => t.Family, StringComparer.Ordinal)
            .ThenBy(t => t.Name, StringComparer.Ordinal);
    }
}
