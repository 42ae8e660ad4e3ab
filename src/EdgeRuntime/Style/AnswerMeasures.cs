using System.Globalization;
using System.Text;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// How close an answer is to a reference (in the evaluation: what the performer really played next) and how
/// much of it was copied from the call. Histogram distances are Jensen–Shannon divergences in bits (0 equal,
/// 1 disjoint); gaps are absolute differences of means. NaN where a side has no notes (or no intervals).
/// </summary>
/// <param name="PitchClassJsd">Pitch-class histograms.</param>
/// <param name="IntervalJsd">Melodic-interval histograms.</param>
/// <param name="InterOnsetJsd">Inter-onset-interval histograms (half-octave bins).</param>
/// <param name="DurationJsd">Note-length histograms (half-octave bins).</param>
/// <param name="RegisterGap">|mean pitch of the answer − of the reference|, semitones.</param>
/// <param name="VelocityGap">|mean velocity of the answer − of the reference|, MIDI units.</param>
/// <param name="PerformerIntervalShare">Share of the answer's inter-onset intervals within ±12 % of one the call used.</param>
/// <param name="Overlap">Share of the answer's notes that overlap another note.</param>
/// <param name="ReferenceOverlap">The same share in the reference (the performer's own texture).</param>
/// <param name="CopiedPatterns">Share of the answer's 8-note pitch patterns that occur in the call.</param>
public sealed record AnswerMeasures(
    double PitchClassJsd,
    double IntervalJsd,
    double InterOnsetJsd,
    double DurationJsd,
    double RegisterGap,
    double VelocityGap,
    double PerformerIntervalShare,
    double Overlap,
    double ReferenceOverlap,
    double CopiedPatterns)
{
    /// <summary>Relative tolerance of "an interval the performer used".</summary>
    public const double IntervalTolerance = 0.12;

    /// <summary>Measures <paramref name="answer"/> against <paramref name="reference"/> and <paramref name="call"/>.</summary>
    /// <param name="answer">The generated phrases.</param>
    /// <param name="reference">What the answer should sound like (the performer's real continuation).</param>
    /// <param name="call">What the answer was made from (copying and the performer's intervals are counted against it).</param>
    public static AnswerMeasures Between(IEnumerable<Phrase> answer, IEnumerable<Phrase> reference, IEnumerable<Phrase> call)
    {
        var a = NoteStatistics.Of(answer);
        var r = NoteStatistics.Of(reference);
        var c = NoteStatistics.Of(call);
        return new AnswerMeasures(
            Divergence.JensenShannonBits(a.PitchClass, r.PitchClass),
            Divergence.JensenShannonBits(a.Interval, r.Interval),
            Divergence.JensenShannonBits(a.InterOnset, r.InterOnset),
            Divergence.JensenShannonBits(a.Duration, r.Duration),
            Math.Abs(a.MeanPitch - r.MeanPitch),
            Math.Abs(a.MeanVelocity - r.MeanVelocity),
            UsedShare(a.InterOnsetSeconds, c.InterOnsetSeconds),
            a.OverlapShare,
            r.OverlapShare,
            CopiedShare(a.Patterns, c.Patterns));
    }

    /// <summary>The measures as a two-column Markdown table (for <c>respond --report</c>).</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| measure (answer vs reference) | value |");
        text.AppendLine("|---|---:|");
        foreach (var (name, value, digits) in Rows())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {Format(value, digits)} |");
        }

        return text.ToString();
    }

    /// <summary>One line with every measure.</summary>
    public override string ToString() =>
        string.Join(" · ", Rows().Select(r => $"{r.Name} {Format(r.Value, r.Digits)}"));

    private IEnumerable<(string Name, double Value, int Digits)> Rows()
    {
        yield return ("pitch-class JSD", PitchClassJsd, 3);
        yield return ("interval JSD", IntervalJsd, 3);
        yield return ("IOI JSD", InterOnsetJsd, 3);
        yield return ("duration JSD", DurationJsd, 3);
        yield return ("register gap (semitones)", RegisterGap, 2);
        yield return ("velocity gap (MIDI)", VelocityGap, 2);
        yield return ("IOIs the performer used (±12 %)", PerformerIntervalShare, 2);
        yield return ("overlapping notes", Overlap, 3);
        yield return ("overlapping notes, reference", ReferenceOverlap, 3);
        yield return ("8-note patterns copied from the call", CopiedPatterns, 3);
    }

    private static string Format(double value, int digits) =>
        double.IsNaN(value) ? "–" : value.ToString("F" + digits.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static double UsedShare(IReadOnlyList<double> answer, IReadOnlyList<double> call)
    {
        if (answer.Count == 0 || call.Count == 0)
        {
            return double.NaN;
        }

        var sorted = call.Order().ToArray();
        var used = 0;
        foreach (var gap in answer)
        {
            // The nearest call interval at or above gap·(1 − tol) decides.
            var index = Array.BinarySearch(sorted, gap * (1 - IntervalTolerance));
            index = index < 0 ? ~index : index;
            if (index < sorted.Length && sorted[index] <= gap * (1 + IntervalTolerance))
            {
                used++;
            }
        }

        return (double)used / answer.Count;
    }

    private static double CopiedShare(IReadOnlyList<long> answer, IReadOnlyList<long> call)
    {
        if (answer.Count == 0)
        {
            return double.NaN;
        }

        var known = call.ToHashSet();
        return (double)answer.Count(known.Contains) / answer.Count;
    }
}
