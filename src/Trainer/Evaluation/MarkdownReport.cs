using System.Globalization;
using System.Text;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The few-shot report as Markdown: per family and averaged over all tasks, one row per method × K with
/// NLL, accuracy and pitch information content (mean ± 95% CI over tasks), then the style distances and
/// copied n-grams of the methods that generate, the answer measures (the Continuator's table: closeness to the
/// query in pitch, rhythm, register and dynamics, texture, copying), and the NLL-vs-K plots; the single-line
/// and polyphonic families also get their own sections, and every section gives its task count per K.
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
        text.AppendLine("Answer measures compare the notes of the responses with the query's: JSDs in bits of pitch-class, interval, inter-onset-interval");
        text.AppendLine("and note-length histograms; register and velocity gaps are |difference of means| in semitones and MIDI units; IOIs used is the");
        text.AppendLine("share of the responses' inter-onset intervals within ±12 % of one in the support; overlap is the share of notes overlapping");
        text.AppendLine("another (performer: the query's own); copied 8-note is the share of the responses' 8-note pitch patterns found in the support.");
        text.AppendLine("A piece is scored at every K that leaves it a query phrase; the query starts after the largest such K (capped by the run's K).");
        var groups = new[] { FewShotResults.SingleLineFamilies, FewShotResults.PolyphonicFamilies }
            .Where(g => results.Families.Any(f => results.IsSingleLineFamily(f) == (g == FewShotResults.SingleLineFamilies)))
            .ToArray();
        foreach (var family in results.Families.Prepend(FewShotResults.AllFamilies).Concat(groups))
        {
            var rows = results.Summarise(family);
            var isGroup = groups.Contains(family);
            text.AppendLine();
            text.AppendLine(family == FewShotResults.AllFamilies
                ? $"## All families ({tasks} tasks)"
                : isGroup
                    ? $"## All {family} ({string.Join(", ", results.Families.Where(f => results.IsSingleLineFamily(f) == (family == FewShotResults.SingleLineFamilies)))})"
                    : $"## {family} ({rows.Select(r => r.Tasks).DefaultIfEmpty(0).Max()} tasks{(results.IsSingleLineFamily(family) ? ", single-line" : ", polyphonic")})");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Tasks per K: {string.Join(", ", results.TasksPerShot(family).Select(p => $"K = {p.Key}: {p.Value}"))}.");
            text.AppendLine();
            AppendScores(text, rows);
            AppendStyle(text, rows);
            AppendAnswers(text, rows);
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
        foreach (var row in rows.Where(r => r.NllPerEvent.Count > 0))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Method} | {row.Shots} | {row.Tasks} | {row.NllPerEvent.Format()} | {row.Accuracy.Format()} | {row.PitchBitsPerNote.Format()} |");
        }
    }

    private static void AppendAnswers(StringBuilder text, IReadOnlyList<MethodSummary> rows)
    {
        var generating = rows.Where(r => r.Answer is not null).ToArray();
        if (generating.Length == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("| method | K | pitch-class JSD | interval JSD | IOI JSD | duration JSD | register gap | velocity gap | IOIs used | overlap | performer overlap | copied 8-note |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in generating)
        {
            var a = row.Answer!;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {row.Method} | {row.Shots} | {a.PitchClassJsd.Format()} | {a.IntervalJsd.Format()} | {a.InterOnsetJsd.Format()} | {a.DurationJsd.Format()} | {a.RegisterGap.Format(2)} | {a.VelocityGap.Format(2)} | {a.PerformerIntervalShare.Format(2)} | {a.Overlap.Format()} | {a.ReferenceOverlap.Format()} | {a.CopiedPatterns.Format()} |");
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
