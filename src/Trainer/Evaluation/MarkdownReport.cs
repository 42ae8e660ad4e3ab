using System.Globalization;
using System.Text;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The few-shot report as Markdown: per family and averaged over all tasks, one row per method × K with
/// NLL, accuracy and pitch information content (mean ± 95% CI over tasks), then the style distances and
/// copied n-grams of the methods that generate, and the NLL-vs-K plots.
/// </summary>
public static class MarkdownReport
{
    /// <summary>Writes report.md and one PNG per family plus "all" into <paramref name="directory"/> (created if missing).</summary>
    /// <param name="results">A run's results.</param>
    /// <param name="directory">Output folder.</param>
    /// <param name="title">Report heading, e.g. the model id.</param>
    /// <returns>Path of the Markdown file.</returns>
    /// <exception cref="IOException">A file could not be written.</exception>
    public static string Write(FewShotResults results, string directory, string title = "Few-shot evaluation")
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrEmpty(directory);
        Directory.CreateDirectory(directory);
        var plots = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var family in results.Families.Prepend(FewShotResults.AllFamilies))
        {
            var file = $"nll-vs-k-{Slug(family)}.png";
            NllPlot.Save(results, family, Path.Combine(directory, file));
            plots[family] = file;
        }

        var path = Path.Combine(directory, "report.md");
        File.WriteAllText(path, Render(results, title, plots));
        return path;
    }

    /// <summary>The Markdown text.</summary>
    /// <param name="results">A run's results.</param>
    /// <param name="title">Heading.</param>
    /// <param name="plots">Optional family → PNG file name to link under each section.</param>
    public static string Render(FewShotResults results, string title, IReadOnlyDictionary<string, string>? plots = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var text = new StringBuilder();
        var tasks = results.Tasks.Select(t => (t.Family, t.Task)).Distinct().Count();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {title}");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{tasks} held-out tasks in {results.Families.Count} families; K = {string.Join(", ", results.Shots)}; methods: {string.Join(", ", results.Methods)}.");
        text.AppendLine("Support = the first K phrases of a task, query = the phrases after them. Each cell is the mean over tasks ± the 95% confidence");
        text.AppendLine("interval (Student's t over tasks). NLL is in nats per event (every event and the EOS are predicted); accuracy is the share of");
        text.AppendLine("events whose most probable token was right; pitch IC is −log2 of the next note's NOTE_ON probability renormalised over the");
        text.AppendLine("NOTE_ON tokens, in bits per note (IDyOM's long-term + short-term model: 2.479 bits/note over 8 melody corpora, Pearce 2005).");
        text.AppendLine("Style distances are Jensen–Shannon divergences in bits between the histograms of the responses and of the query;");
        text.AppendLine("density Δ is in notes per second; copied is the share of the responses' n-grams of events found in the support.");
        foreach (var family in results.Families.Prepend(FewShotResults.AllFamilies))
        {
            var rows = results.Summarise(family);
            text.AppendLine();
            text.AppendLine(family == FewShotResults.AllFamilies
                ? $"## All families ({tasks} tasks)"
                : $"## {family} ({rows.Select(r => r.Tasks).DefaultIfEmpty(0).Max()} tasks)");
            text.AppendLine();
            AppendScores(text, rows);
            AppendStyle(text, rows);
            if (plots is not null && plots.TryGetValue(family, out var png))
            {
                text.AppendLine();
                text.AppendLine(CultureInfo.InvariantCulture, $"![NLL vs K, {family}]({png})");
            }
        }

        return text.ToString();
    }

    private static void AppendScores(StringBuilder text, IReadOnlyList<MethodSummary> rows)
    {
        text.AppendLine("| method | K | tasks | NLL (nats/event) | accuracy | pitch IC (bits/note) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var row in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Method} | {row.Shots} | {row.Tasks} | {row.NllPerEvent.Format()} | {row.Accuracy.Format()} | {row.PitchBitsPerNote.Format()} |");
        }
    }

    private static void AppendStyle(StringBuilder text, IReadOnlyList<MethodSummary> rows)
    {
        var generating = rows.Where(r => r.Style is not null).ToArray();
        if (generating.Length == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("| method | K | pitch class | interval | IOI | velocity | density Δ | copied |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in generating)
        {
            var s = row.Style!;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Method} | {row.Shots} | {s.PitchClass.Format()} | {s.Interval.Format()} | {s.InterOnset.Format()} | {s.Velocity.Format()} | {s.NoteDensity.Format(2)} | {row.CopiedShare.Format()} |");
        }
    }

    private static string Slug(string family)
    {
        var chars = family.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray();
        return new string(chars);
    }
}
