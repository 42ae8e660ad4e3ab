using System.Globalization;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>
/// What a soak run must show, and the judging. The first window is warm-up (JIT, first adaptations, the pools
/// filling); "after warm-up" compares the last window with the second.
/// </summary>
public sealed record SoakCriteria
{
    /// <summary>Mean resident set of the last window minus that of the second window, at most, MB.</summary>
    public double MaxRssGrowthMb { get; init; } = 16;

    /// <summary>The README's memory budget: no resident-set sample above it, MB.</summary>
    public double MaxRssMb { get; init; } = 150;

    /// <summary>Every garbage-collection pause while playing shorter than this, ms.</summary>
    public double MaxGcPauseMs { get; init; } = 1;

    /// <summary>Last window's p99 at most this times the second window's ...</summary>
    public double LatencyFactor { get; init; } = 2;

    /// <summary>... or at most this (the README's answer-latency budget, p99), whichever is larger, ms.</summary>
    public double AnswerLatencyFloorMs { get; init; } = 2;

    /// <summary>... or at most this for event jitter (the README's jitter budget, p99), whichever is larger, ms.</summary>
    public double JitterFloorMs { get; init; } = 1;

    /// <summary>Fewest windows a run is judged on (warm-up, a reference, the end).</summary>
    public const int MinWindows = 3;

    /// <summary>Judges a run; every criterion is reported, passed or not.</summary>
    /// <param name="windows">The run's windows (at least <see cref="MinWindows"/>).</param>
    /// <param name="exitCode">play's exit code after SIGTERM.</param>
    /// <param name="notesLeftSounding">Notes the listener heard start and never heard end.</param>
    /// <exception cref="ArgumentException">Fewer than <see cref="MinWindows"/> windows.</exception>
    public List<SoakCheck> Judge(IReadOnlyList<SoakWindow> windows, int exitCode, int notesLeftSounding)
    {
        ArgumentNullException.ThrowIfNull(windows);
        if (windows.Count < MinWindows)
        {
            throw new ArgumentException($"A soak is judged on at least {MinWindows} windows (got {windows.Count}).", nameof(windows));
        }

        var reference = windows[1];
        var last = windows[^1];
        var growth = last.RssMeanMb - reference.RssMeanMb;
        var peak = windows.Max(w => double.IsNaN(w.RssMaxMb) ? 0 : w.RssMaxMb);
        var maxPause = windows.Max(w => w.GcMaxPauseMs);
        var pauses = windows.Sum(w => w.GcPauses);
        var dropped = windows.Sum(w => w.Dropped);
        var sent = windows.Sum(w => w.Sent);
        var silent = windows.Where(w => w.Answers == 0).Select(w => w.Index + 1).ToList();
        return
        [
            new("memory flat after warm-up", growth <= MaxRssGrowthMb,
                F($"resident set {reference.RssMeanMb:0.0} MB (window 2) -> {last.RssMeanMb:0.0} MB (window {windows.Count}): {growth:+0.0;-0.0} MB, bound {MaxRssGrowthMb:0.#} MB")),
            new("memory within budget", peak <= MaxRssMb, F($"peak resident set {peak:0.0} MB, budget {MaxRssMb:0} MB")),
            new("GC pauses under the bound", maxPause < MaxGcPauseMs, F($"{pauses} pauses, longest {maxPause:0.000} ms, bound {MaxGcPauseMs:0.###} ms"), IsTiming: true),
            new("no scheduled event dropped", dropped == 0, F($"{dropped} of {sent} events dropped")),
            Steady("answer latency p99 steady", reference.AnswerLatencyP99Ms, last.AnswerLatencyP99Ms, AnswerLatencyFloorMs, windows.Count),
            Steady("event jitter p99 steady", reference.JitterP99Ms, last.JitterP99Ms, JitterFloorMs, windows.Count),
            new("answers in every window", silent.Count == 0,
                silent.Count == 0 ? F($"{windows.Sum(w => w.Answers)} answers, fewest {windows.Min(w => w.Answers)} in a window") : $"no answer in window {string.Join(", ", silent)}"),
            new("clean stop", exitCode == 0 && notesLeftSounding == 0, F($"play exited {exitCode} after SIGTERM; {notesLeftSounding} notes left sounding")),
        ];
    }

    private SoakCheck Steady(string name, double reference, double last, double floorMs, int windowCount)
    {
        if (double.IsNaN(reference) || double.IsNaN(last))
        {
            return new(name, false, "no samples in window 2 or the last window: the run is too short to judge", IsTiming: true);
        }

        var bound = Math.Max(LatencyFactor * reference, floorMs);
        return new(name, last <= bound, F($"{reference:0.000} ms (window 2) -> {last:0.000} ms (window {windowCount}), bound max({LatencyFactor:0.#} x, {floorMs:0.#} ms) = {bound:0.000} ms"), IsTiming: true);
    }

    private static string F(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
