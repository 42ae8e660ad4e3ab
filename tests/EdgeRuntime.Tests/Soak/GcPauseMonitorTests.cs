using EdgeMeta.EdgeRuntime.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

public sealed class GcPauseMonitorTests
{
    [Fact]
    public void A_pause_lasts_from_suspension_to_restart_and_drain_empties()
    {
        using var monitor = new GcPauseMonitor();
        var t = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        monitor.Record(t, t.AddTicks(4_500));        // 0.45 ms
        monitor.Record(t, t.AddMilliseconds(2));
        monitor.Record(t.AddMilliseconds(1), t);    // out of order: not a pause
        var drained = monitor.Drain();
        Assert.True(drained.Length >= 2);           // a real collection may land in between
        Assert.Contains(0.45, drained.Select(d => Math.Round(d, 6)));
        Assert.True(monitor.MaxMilliseconds >= 2);
        Assert.DoesNotContain(drained, d => d < 0);
        Assert.DoesNotContain(monitor.Drain(), d => d is 0.45 or 2.0);
    }

    [Fact]
    public void A_real_collection_is_seen_with_its_pause()
    {
        using var monitor = new GcPauseMonitor();
        var before = GC.GetTotalPauseDuration();
        var until = Environment.TickCount64 + 30_000;   // the runtime hands its events to listeners asynchronously
        while (monitor.Count == 0 && Environment.TickCount64 < until)
        {
            GC.Collect(0, GCCollectionMode.Forced, blocking: true);
            Thread.Sleep(100);
        }

        Assert.True(monitor.Count > 0, "no GC pause seen within 30 s of forced collections");
        var pauses = monitor.Drain();
        Assert.All(pauses, p => Assert.InRange(p, 0, 10_000));
        Assert.True(GC.GetTotalPauseDuration() > before);

        // Each pause is also split into stopping the threads, collecting and restarting, which add up to it (drained
        // after the pauses: a pause seen in between adds a part whose pause stays for the next Drain).
        var parts = monitor.DrainPauseParts();
        Assert.NotEmpty(parts);
        var sum = parts[0].Split('+').Select(p => double.Parse(p.Trim().Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(3, sum.Length);
        Assert.All(sum, ms => Assert.InRange(ms, 0, 10_000));
        Assert.Contains(pauses, p => Math.Abs(p - sum.Sum()) < 0.01);
    }
}
