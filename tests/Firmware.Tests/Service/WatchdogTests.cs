using EdgeMeta.Firmware.Engine;
using EdgeMeta.Firmware.Service;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Service;

public sealed class WatchdogTests
{
    private static TimeSpan S(double seconds) => TimeSpan.FromSeconds(seconds);

    private static (ProgressWatch Watch, WatchdogPinger Pinger, FakeNotifier Notifier, List<string> Log) Make()
    {
        var watch = new ProgressWatch(S(10));
        var notifier = new FakeNotifier();
        var log = new List<string>();
        return (watch, new WatchdogPinger(notifier, watch, log.Add), notifier, log);
    }

    [Fact]
    public void Pings_go_out_while_threads_make_progress_or_have_nothing_to_do()
    {
        var (watch, pinger, notifier, _) = Make();
        for (var t = 0; t < 60; t++)
        {
            watch.Beat(S(t));
            watch.Observe([new("output", t, HasWork: true), new("adaptation", 7, HasWork: false)], S(t));
            Assert.True(pinger.Tick(S(t)));
        }

        Assert.Equal(60, notifier.Sent.Count(s => s == "WATCHDOG=1"));
    }

    [Fact]
    public void Pings_stop_when_a_thread_with_work_stalls_and_resume_when_it_moves()
    {
        var (watch, pinger, notifier, log) = Make();
        var pinged = new List<bool>();
        for (var t = 0; t <= 20; t++)
        {
            watch.Beat(S(t));
            // The output thread sends until t = 5, then sits on a full buffer.
            watch.Observe([new("output", Math.Min(t, 5), HasWork: true)], S(t));
            pinged.Add(pinger.Tick(S(t)));
        }

        Assert.All(pinged.Take(16), Assert.True);    // up to 10 s without progress is tolerated
        Assert.All(pinged.Skip(16), Assert.False);   // then no more pings: systemd restarts the box after WatchdogSec
        Assert.Equal(16, notifier.Sent.Count);
        Assert.Single(log);
        Assert.Contains("the output thread has made no progress for 11 s", log[0], StringComparison.Ordinal);

        watch.Observe([new("output", 6, HasWork: true)], S(21));
        watch.Beat(S(21));
        Assert.True(pinger.Tick(S(21)));
        Assert.Contains("pings resume", log[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void A_stalled_box_loop_stops_the_pings_even_though_nobody_reports_the_engine()
    {
        var (watch, pinger, _, log) = Make();
        watch.Beat(S(0));
        Assert.True(pinger.Tick(S(9)));
        Assert.False(pinger.Tick(S(10.5)));
        Assert.Contains("box loop", log[0], StringComparison.Ordinal);
    }

    [Fact]
    public void A_thread_that_finished_its_work_is_not_stalled_by_waiting()
    {
        var watch = new ProgressWatch(S(10));
        watch.Beat(S(100));
        watch.Observe([new EngineThreadProgress("adaptation", 1, HasWork: true)], S(0));
        watch.Observe([new EngineThreadProgress("adaptation", 1, HasWork: false)], S(1));
        watch.Observe([new EngineThreadProgress("adaptation", 1, HasWork: true)], S(95));   // new phrase at 95 s
        Assert.Null(watch.FindStall(S(100)));
        Assert.NotNull(watch.FindStall(S(106)));
    }

    [Fact]
    public void The_ping_interval_is_half_the_watchdog_time_systemd_sets()
    {
        var old = Environment.GetEnvironmentVariable("WATCHDOG_USEC");
        try
        {
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", "15000000");
            Assert.Equal(S(7.5), WatchdogPinger.IntervalFromEnvironment());
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", null);
            Assert.Null(WatchdogPinger.IntervalFromEnvironment());
        }
        finally
        {
            Environment.SetEnvironmentVariable("WATCHDOG_USEC", old);
        }
    }
}
