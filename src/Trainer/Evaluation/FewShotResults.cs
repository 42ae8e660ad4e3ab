namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Everything a few-shot run measured: one <see cref="TaskResult"/> per task × K × method, and the
/// summaries the report shows. A task's value is its query total divided by its query size (NLL per
/// event, accuracy, bits per note); the summaries average those per task, so every task counts once,
/// and the "all" rows average over every task of every family.
/// </summary>
/// <param name="Tasks">Per-task results.</param>
/// <param name="Methods">Method names in report order.</param>
/// <param name="Shots">The K values in report order.</param>
public sealed record FewShotResults(IReadOnlyList<TaskResult> Tasks, IReadOnlyList<string> Methods, IReadOnlyList<int> Shots)
{
    /// <summary>Family name of the rows that average over every family.</summary>
    public const string AllFamilies = "all";

    /// <summary>Families present, sorted.</summary>
    public IReadOnlyList<string> Families =>
        Tasks.Select(t => t.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Rows for one family (or <see cref="AllFamilies"/>), method-major then K, in report order.</summary>
    /// <param name="family">A family name or <see cref="AllFamilies"/>.</param>
    public IReadOnlyList<MethodSummary> Summarise(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var rows = new List<MethodSummary>();
        foreach (var method in Methods)
        {
            foreach (var shots in Shots)
            {
                var cell = Tasks
                    .Where(t => t.Method == method && t.Shots == shots && (family == AllFamilies || t.Family == family))
                    .ToArray();
                if (cell.Length == 0)
                {
                    continue;
                }

                var styles = cell.Where(t => t.Style is not null).Select(t => t.Style!).ToArray();
                var style = styles.Length == 0
                    ? null
                    : new StyleSummary(
                        ConfidenceInterval.Of(styles.Select(s => s.PitchClass)),
                        ConfidenceInterval.Of(styles.Select(s => s.Interval)),
                        ConfidenceInterval.Of(styles.Select(s => s.InterOnset)),
                        ConfidenceInterval.Of(styles.Select(s => s.Velocity)),
                        ConfidenceInterval.Of(styles.Select(s => s.NoteDensity)));
                rows.Add(new MethodSummary(
                    family,
                    method,
                    shots,
                    cell.Length,
                    ConfidenceInterval.Of(cell.Select(t => t.Score.NllPerEvent)),
                    ConfidenceInterval.Of(cell.Select(t => t.Score.Accuracy)),
                    ConfidenceInterval.Of(cell.Select(t => t.Score.PitchBitsPerNote)),
                    style,
                    ConfidenceInterval.Of(cell.Where(t => t.CopiedShare is not null).Select(t => t.CopiedShare!.Value))));
            }
        }

        return rows;
    }
}
