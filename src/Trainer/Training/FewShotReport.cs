using System.Globalization;
using System.Text;

namespace EdgeMeta.Trainer.Training;

/// <summary>Markdown tables of few-shot results: one row per model and family plus "all", 95% CIs over tasks.</summary>
public static class FewShotReport
{
    /// <summary>A table with one block of rows per named result set.</summary>
    public static string Markdown(IReadOnlyList<(string Model, IReadOnlyList<FewShotTaskResult> Results)> runs, int shots)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Few-shot evaluation, K = {shots} support phrases; mean ± 95% CI over tasks (1.96·sd/√n).");
        text.AppendLine();
        text.AppendLine("| model | family | tasks | NLL/event before | NLL/event after | accuracy before | accuracy after |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|");
        foreach (var (model, results) in runs)
        {
            var groups = results.GroupBy(r => r.Family, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, (IReadOnlyList<FewShotTaskResult>)g.ToArray())).ToList();
            if (groups.Count != 1)
            {
                groups.Add(("all", results));
            }

            foreach (var (family, rows) in groups)
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {model} | {family} | {rows.Count} | {Of(rows, r => r.NllBefore)} | {Of(rows, r => r.NllAfter)} | {Of(rows, r => r.AccuracyBefore)} | {Of(rows, r => r.AccuracyAfter)} |");
            }
        }

        return text.ToString();
    }

    private static MeanWithInterval Of(IReadOnlyList<FewShotTaskResult> rows, Func<FewShotTaskResult, double> value) =>
        MeanWithInterval.Of(rows.Select(value).ToArray());
}
