using EdgeMeta.EdgeRuntime.Soak;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

public sealed class SoakCriteriaTests
{
    private static SoakWindow Good(int index) => new()
    {
        Index = index,
        RssMeanMb = 105,
        RssMaxMb = 110,
        GcPauses = 2,
        GcMaxPauseMs = 0.4,
        Answers = 12,
        AnswerLatencyP99Ms = 0.3,
        JitterP99Ms = 0.2,
        Sent = 400,
    };

    private static List<SoakWindow> Run(Func<int, SoakWindow, SoakWindow>? change = null) =>
        Enumerable.Range(0, 5).Select(i => change is null ? Good(i) : change(i, Good(i))).ToList();

    private static List<string> Failed(List<SoakWindow> windows, int exitCode = 0, int sounding = 0) =>
        new SoakCriteria().Judge(windows, exitCode, sounding).Where(c => !c.Passed).Select(c => c.Name).ToList();

    [Fact]
    public void A_steady_run_passes_every_criterion()
    {
        var checks = new SoakCriteria().Judge(Run(), 0, 0);
        Assert.Equal(8, checks.Count);
        Assert.All(checks, c => Assert.True(c.Passed, $"{c.Name}: {c.Detail}"));
    }

    [Fact]
    public void Memory_growing_after_warm_up_fails_but_warm_up_growth_does_not()
    {
        Assert.Equal(["memory flat after warm-up"], Failed(Run((i, w) => w with { RssMeanMb = 100 + (i * 10) })));
        Assert.Empty(Failed(Run((i, w) => i == 0 ? w with { RssMeanMb = 60 } : w)));
    }

    [Fact]
    public void A_sample_over_the_budget_fails()
    {
        Assert.Equal(["memory within budget"], Failed(Run((i, w) => i == 2 ? w with { RssMaxMb = 151 } : w)));
    }

    [Fact]
    public void One_long_gc_pause_anywhere_fails()
    {
        Assert.Equal(["GC pauses under the bound"], Failed(Run((i, w) => i == 0 ? w with { GcMaxPauseMs = 1.0 } : w)));
    }

    [Fact]
    public void One_dropped_event_fails()
    {
        Assert.Equal(["no scheduled event dropped"], Failed(Run((i, w) => i == 3 ? w with { Dropped = 1 } : w)));
    }

    [Fact]
    public void Latency_growing_past_the_factor_and_the_floor_fails()
    {
        // 0.3 → 0.5 ms is within the 2 ms floor; 1.5 → 3.5 ms is past twice the reference and the floor.
        Assert.Empty(Failed(Run((i, w) => i == 4 ? w with { AnswerLatencyP99Ms = 0.5 } : w)));
        Assert.Equal(["answer latency p99 steady"], Failed(Run((i, w) => w with { AnswerLatencyP99Ms = i == 4 ? 3.5 : 1.5 })));
        Assert.Equal(["event jitter p99 steady"], Failed(Run((i, w) => i == 4 ? w with { JitterP99Ms = 1.2 } : w)));
        Assert.Equal(["event jitter p99 steady"], Failed(Run((i, w) => i == 1 ? w with { JitterP99Ms = double.NaN } : w)));
    }

    [Fact]
    public void A_silent_window_and_an_unclean_stop_fail_by_name()
    {
        Assert.Equal(["answers in every window"], Failed(Run((i, w) => i == 2 ? w with { Answers = 0 } : w)));
        Assert.Equal(["clean stop"], Failed(Run(), exitCode: 139));
        Assert.Equal(["clean stop"], Failed(Run(), sounding: 1));
    }

    [Fact]
    public void Only_gc_pauses_and_latency_are_time_bounds_that_an_advisory_run_may_report_without_failing()
    {
        var checks = new SoakCriteria().Judge(Run((i, w) => w with { GcMaxPauseMs = 5, Dropped = i == 3 ? 1 : 0 }), 0, 0);

        Assert.Equal(
            ["GC pauses under the bound", "answer latency p99 steady", "event jitter p99 steady"],
            checks.Where(c => c.IsTiming).Select(c => c.Name));
        Assert.Contains(checks, c => c is { Name: "GC pauses under the bound", Passed: false, IsTiming: true });
        Assert.Contains(checks, c => c is { Name: "no scheduled event dropped", Passed: false, IsTiming: false });
    }

    [Fact]
    public void Fewer_than_three_windows_cannot_be_judged()
    {
        Assert.Throws<ArgumentException>(() => new SoakCriteria().Judge(Run().Take(2).ToList(), 0, 0));
    }
}
