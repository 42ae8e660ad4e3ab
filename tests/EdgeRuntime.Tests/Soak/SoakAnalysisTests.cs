using EdgeMeta.EdgeRuntime.Diagnostics;
using EdgeMeta.EdgeRuntime.Soak;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

public sealed class SoakAnalysisTests
{
    private const long Start = 1_700_000_000_000;

    // A stats line written at second t of the session, with cumulative counters.
    private static PlayStatsRecord Line(double t, int answers, long sent, long dropped = 0, int gen0 = 0, double[]? pauses = null, double[]? latency = null, double[]? jitter = null) => new()
    {
        UnixMs = Start + (long)(t * 1000),
        Seconds = t,
        Answers = answers,
        SentEvents = sent,
        DroppedEvents = dropped,
        Gen0Collections = gen0,
        GcPausesMs = pauses ?? [],
        AnswerLatencyMs = latency ?? [],
        EventJitterMs = jitter ?? [],
        ManagedHeapBytes = 5_000_000,
    };

    [Fact]
    public void Counters_become_differences_and_samples_land_in_the_window_they_were_written_in()
    {
        var stats = new[]
        {
            Line(5, 1, 10, gen0: 1, pauses: [0.4], latency: [0.1], jitter: [0.1, 0.2]),
            Line(10, 2, 25, gen0: 1, latency: [0.3], jitter: [0.3]),
            Line(15, 4, 40, gen0: 3, pauses: [0.2, 0.9], latency: [0.2, 0.5], jitter: [0.4]),
            Line(20, 5, 60, dropped: 1, gen0: 3, latency: [0.1], jitter: [5.0]),
        };
        var rss = new[] { new RssSample(Start + 2000, 100_000_000), new RssSample(Start + 8000, 102_000_000), new RssSample(Start + 12000, 110_000_000), new RssSample(Start + 18000, 112_000_000) };
        var calls = new[] { new CallSample(Start + 3000, 800, false), new CallSample(Start + 13000, null, false), new CallSample(Start + 17000, 900, true) };
        var windows = SoakAnalysis.Windows(stats, rss, calls, 2);

        Assert.Equal(2, windows.Count);
        var (first, second) = (windows[0], windows[1]);
        Assert.Equal(10, first.ToSeconds, 9);
        Assert.Equal(2, first.Answers);
        Assert.Equal(3, second.Answers);
        Assert.Equal(25, first.Sent);
        Assert.Equal(35, second.Sent);
        Assert.Equal(1, second.Dropped);
        Assert.Equal((1, 2), (first.Gen0, second.Gen0));
        Assert.Equal((1, 0.4), (first.GcPauses, first.GcMaxPauseMs));
        Assert.Equal((2, 0.9), (second.GcPauses, second.GcMaxPauseMs));
        Assert.Equal(101, first.RssMeanMb, 6);
        Assert.Equal(112, second.RssMaxMb, 6);
        Assert.Equal(2, first.AnswerLatencyCount);
        Assert.Equal(0.3, first.AnswerLatencyP99Ms, 9);
        Assert.Equal(0.2, second.AnswerLatencyP50Ms, 9);   // 0.1, 0.2, 0.5: nearest rank
        Assert.Equal(5.0, second.JitterP99Ms, 9);
        Assert.Equal((1, 1), (first.Calls, first.CallsAnswered));
        Assert.Equal((2, 1), (second.Calls, second.CallsAnswered));
        Assert.Equal(900, second.HeardP50Ms, 9);
    }

    [Fact]
    public void A_window_without_a_stats_line_has_no_counts_and_no_percentiles()
    {
        var stats = new[] { Line(1, 1, 5, latency: [0.2]), Line(30, 3, 20, latency: [0.3]) };
        var windows = SoakAnalysis.Windows(stats, [], [], 3);
        Assert.Equal(0, windows[1].Answers);
        Assert.True(double.IsNaN(windows[1].AnswerLatencyP99Ms));
        Assert.True(double.IsNaN(windows[1].RssMeanMb));
        Assert.Equal(2, windows[2].Answers);
    }

    [Fact]
    public void No_stats_line_is_refused()
    {
        Assert.Throws<ArgumentException>(() => SoakAnalysis.Windows([], [], [], 3));
    }
}
