namespace EdgeMeta.Trainer.Evaluation;

/// <summary>Settings of the few-shot protocol; the defaults are the protocol of the design.</summary>
public sealed record FewShotSettings
{
    /// <summary>Support sizes K. A task is scored at every K that leaves it a query (more phrases than K); every method sees the same tasks at a K.</summary>
    public IReadOnlyList<int> Shots { get; init; } = [1, 2, 4, 8];

    /// <summary>Root seed: episode seeds and task sampling derive from it, so a run repeats exactly.</summary>
    public int Seed { get; init; } = 1234;

    /// <summary>At most this many tasks per family, drawn with <see cref="Seed"/> (0 = all).</summary>
    public int MaxTasksPerFamily { get; init; }

    /// <summary>
    /// When true the query is the phrases after the largest K the task allows, for every K, so a task's NLL-vs-K
    /// curve compares the same query; when false (the design's wording) the query is all phrases after the first K.
    /// </summary>
    public bool FixedQuery { get; init; }

    /// <summary>Score and generate at most this many query phrases per episode (0 = all); keeps long pieces from dominating the run time.</summary>
    public int MaxQueryPhrases { get; init; }

    /// <summary>Length of the n-grams counted as copied from the support.</summary>
    public int CopyNGramLength { get; init; } = NGramOriginality.DefaultLength;
}
