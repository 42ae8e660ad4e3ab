using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>A clock the test moves by hand; 1 tick = 1 microsecond. Waiters wake when it passes their deadline.</summary>
internal sealed class FakeClock : IClock
{
    private readonly Lock _gate = new();
    private long _now = 1_000_000;

    public long Now
    {
        get
        {
            lock (_gate)
            {
                return _now;
            }
        }
    }

    public long Frequency => 1_000_000;

    public static long Ms(double ms) => (long)(ms * 1000);

    public void Advance(long ticks)
    {
        lock (_gate)
        {
            _now += ticks;
        }
    }

    /// <summary>Moves time forward in small steps with a short real pause, so the engine's threads keep up.</summary>
    public void Run(double ms, double stepMs = 5)
    {
        for (var t = 0.0; t < ms; t += stepMs)
        {
            Advance(Ms(stepMs));
            Thread.Sleep(1);
        }
    }

    public bool WaitUntil(long ticks, WaitHandle? wake = null)
    {
        while (Now < ticks)
        {
            if (wake is not null ? wake.WaitOne(1) : SleepFalse())
            {
                return false;
            }
        }

        return true;
    }

    private static bool SleepFalse()
    {
        Thread.Sleep(1);
        return false;
    }
}
