using EdgeMeta.EdgeRuntime.Diagnostics;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>
/// Cuts a soak run into equal windows of time and summarises each: the resident set sampled from outside, play's own
/// stats lines (collections, pauses, answers, latencies, late and dropped events; each line's samples belong to the
/// window the line was written in, its counters are differences from the line before), and the calls played.
/// </summary>
public static class SoakAnalysis
{
    private const double Mb = 1e6;

    /// <summary>The windows of the run from the session's start to its last stats line.</summary>
    /// <exception cref="ArgumentException">No stats line, or fewer than one window.</exception>
    public static List<SoakWindow> Windows(IReadOnlyList<PlayStatsRecord> stats, IReadOnlyList<RssSample> rss, IReadOnlyList<CallSample> calls, int windows)
    {
        ArgumentNullException.ThrowIfNull(stats);
        ArgumentNullException.ThrowIfNull(rss);
        ArgumentNullException.ThrowIfNull(calls);
        if (stats.Count == 0 || windows < 1)
        {
            throw new ArgumentException($"A soak needs at least one play stats line and one window (got {stats.Count} lines, {windows} windows).");
        }

        var start = stats[0].UnixMs - (long)(stats[0].Seconds * 1000);
        var end = Math.Max(stats[^1].UnixMs, start + windows);
        var length = (end - start) / (double)windows;
        int WindowOf(long unixMs) => Math.Clamp((int)Math.Floor((unixMs - start) / length), 0, windows - 1);
        // A stats line covers the seconds before it: one written exactly at a window's end belongs to that window.
        int LineWindowOf(long unixMs) => Math.Clamp((int)Math.Ceiling((unixMs - start) / length) - 1, 0, windows - 1);

        var result = new List<SoakWindow>(windows);
        PlayStatsRecord? before = null;
        for (var w = 0; w < windows; w++)
        {
            var lines = stats.Where(s => LineWindowOf(s.UnixMs) == w).ToList();
            var memory = rss.Where(s => s.UnixMs >= start && WindowOf(s.UnixMs) == w).Select(s => s.Bytes / Mb).ToList();
            var played = calls.Where(c => WindowOf(c.UnixMs) == w).ToList();
            var heard = played.Where(c => c.FirstAnswerNoteMs is not null).Select(c => c.FirstAnswerNoteMs!.Value).Order().ToArray();
            var last = lines.Count > 0 ? lines[^1] : before;
            var answers = Sorted(lines.SelectMany(s => s.AnswerLatencyMs));
            var jitter = Sorted(lines.SelectMany(s => s.EventJitterMs));
            var pauses = lines.SelectMany(s => s.GcPausesMs).ToList();
            long Delta(Func<PlayStatsRecord, long> counter) => last is null ? 0 : counter(last) - (before is null ? 0 : counter(before));
            result.Add(new SoakWindow
            {
                Index = w,
                FromSeconds = w * length / 1000,
                ToSeconds = (w + 1) * length / 1000,
                RssMeanMb = memory.Count > 0 ? memory.Average() : double.NaN,
                RssMaxMb = memory.Count > 0 ? memory.Max() : double.NaN,
                ManagedHeapMb = lines.Count > 0 ? lines.Max(s => s.ManagedHeapBytes) / Mb : double.NaN,
                AllocatedMb = Delta(s => s.AllocatedBytes) / Mb,
                Gen0 = (int)Delta(s => s.Gen0Collections),
                Gen1 = (int)Delta(s => s.Gen1Collections),
                Gen2 = (int)Delta(s => s.Gen2Collections),
                GcPauses = pauses.Count,
                GcMaxPauseMs = pauses.Count > 0 ? pauses.Max() : 0,
                Calls = played.Count,
                Answers = (int)Delta(s => s.Answers),
                CallsAnswered = heard.Length,
                HeardP50Ms = LatencyLog.NearestRank(heard, 0.5),
                AnswerLatencyCount = answers.Length,
                AnswerLatencyP50Ms = LatencyLog.NearestRank(answers, 0.5),
                AnswerLatencyP99Ms = LatencyLog.NearestRank(answers, 0.99),
                AnswerLatencyMaxMs = LatencyLog.NearestRank(answers, 1),
                JitterCount = jitter.Length,
                JitterP50Ms = LatencyLog.NearestRank(jitter, 0.5),
                JitterP99Ms = LatencyLog.NearestRank(jitter, 0.99),
                JitterMaxMs = LatencyLog.NearestRank(jitter, 1),
                Sent = Delta(s => s.SentEvents),
                Late = Delta(s => s.LateEvents),
                Dropped = Delta(s => s.DroppedEvents),
                Cancelled = Delta(s => s.CancelledEvents),
            });
            before = last;
        }

        return result;
    }

    private static double[] Sorted(IEnumerable<double> values)
    {
        var array = values.ToArray();
        Array.Sort(array);
        return array;
    }
}
