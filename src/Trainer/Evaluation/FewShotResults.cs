namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Everything a few-shot run measured: one <see cref="TaskResult"/> per task × K × method, and the
/// summaries the report shows. A task's value is its query total divided by its query size (NLL per
/// event, accuracy, bits per note); the summaries average those per task, so every task counts once,
/// and the "all" rows average over every task of every family (the single-line and polyphonic rows over
/// the tasks of those families, see <see cref="TaskTexture"/>).
/// </summary>
/// <param name="Tasks">Per-task results.</param>
/// <param name="Methods">Method names in report order.</param>
/// <param name="Shots">The K values in report order.</param>
public sealed record FewShotResults(IReadOnlyList<TaskResult> Tasks, IReadOnlyList<string> Methods, IReadOnlyList<int> Shots)
{
    /// <summary>Family name of the rows that average over every family.</summary>
    public const string AllFamilies = "all";

    /// <summary>Group name of the rows that average over the single-line families.</summary>
    public const string SingleLineFamilies = "single-line families";

    /// <summary>Group name of the rows that average over the polyphonic families.</summary>
    public const string PolyphonicFamilies = "polyphonic families";

    /// <summary>Families present, sorted.</summary>
    public IReadOnlyList<string> Families =>
        Tasks.Select(t => t.Family).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Whether <paramref name="family"/> is single-line: at least half of its tasks are.</summary>
    public bool IsSingleLineFamily(string family)
    {
        var tasks = Tasks.Where(t => t.Family == family).DistinctBy(t => t.Task).ToArray();
        return tasks.Length > 0 && tasks.Count(t => t.SingleLine) * 2 >= tasks.Length;
    }

    /// <summary>Distinct tasks scored at each K (short pieces are scored only at the K they allow).</summary>
    /// <param name="family">A family, a group name, or <see cref="AllFamilies"/>.</param>
    public IReadOnlyDictionary<int, int> TasksPerShot(string family = AllFamilies)
    {
        var members = Members(family);
        return Shots.ToDictionary(k => k, k => Tasks.Where(t => t.Shots == k && members(t)).Select(t => (t.Family, t.Task)).Distinct().Count());
    }

    /// <summary>Rows for one family (or <see cref="AllFamilies"/>, <see cref="SingleLineFamilies"/>, <see cref="PolyphonicFamilies"/>), method-major then K, in report order.</summary>
    /// <param name="family">A family name or a group name.</param>
    public IReadOnlyList<MethodSummary> Summarise(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var members = Members(family);
        var rows = new List<MethodSummary>();
        foreach (var method in Methods)
        {
            foreach (var shots in Shots)
            {
                var cell = Tasks.Where(t => t.Method == method && t.Shots == shots && members(t)).ToArray();
                if (cell.Length == 0)
                {
                    continue;
                }

                var scored = cell.Where(t => t.Score is not null).Select(t => t.Score!.Value).ToArray();
                var styles = cell.Where(t => t.Style is not null).Select(t => t.Style!).ToArray();
                var answers = cell.Where(t => t.Answer is not null).Select(t => t.Answer!).ToArray();
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
                    ConfidenceInterval.Of(scored.Select(s => s.NllPerEvent)),
                    ConfidenceInterval.Of(scored.Select(s => s.Accuracy)),
                    ConfidenceInterval.Of(scored.Select(s => s.PitchBitsPerNote)),
                    style,
                    ConfidenceInterval.Of(cell.Where(t => t.CopiedShare is not null).Select(t => t.CopiedShare!.Value)),
                    answers.Length == 0 ? null : AnswerSummary.Of(answers)));
            }
        }

        return rows;
    }

    private Func<TaskResult, bool> Members(string family)
    {
        switch (family)
        {
            case AllFamilies:
                return _ => true;
            case SingleLineFamilies:
            case PolyphonicFamilies:
                var wanted = family == SingleLineFamilies;
                var chosen = Families.Where(f => IsSingleLineFamily(f) == wanted).ToHashSet(StringComparer.Ordinal);
                return t => chosen.Contains(t.Family);
            default:
                return t => t.Family == family;
        }
    }
}
