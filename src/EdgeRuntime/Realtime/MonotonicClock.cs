using System.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Stopwatch time. <see cref="WaitUntil"/> sleeps (on the wake handle, so new work can interrupt it) until
/// <see cref="SpinWindowTicks"/> before the deadline, then spins: the OS scheduler wakes threads
/// ±1 ms late, spinning the last stretch keeps event jitter well under a millisecond.
/// </summary>
public sealed class MonotonicClock : IClock
{
    /// <summary>The shared instance.</summary>
    public static MonotonicClock Instance { get; } = new();

    /// <summary>How long before a deadline the clock stops sleeping and spins: 2 ms (a loaded Linux box wakes sleepers up to ~1-2 ms late).</summary>
    public static long SpinWindowTicks => Stopwatch.Frequency / 500;

    public long Now => Stopwatch.GetTimestamp();

    public long Frequency => Stopwatch.Frequency;

    public bool WaitUntil(long ticks, WaitHandle? wake = null)
    {
        while (true)
        {
            var remaining = ticks - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return true;
            }

            if (remaining > SpinWindowTicks)
            {
                var sleepMs = (int)Math.Min(int.MaxValue, (remaining - SpinWindowTicks) * 1000 / Stopwatch.Frequency);
                if (sleepMs > 0)
                {
                    if (wake is not null ? wake.WaitOne(sleepMs) : SleepOrFalse(sleepMs))
                    {
                        return false;
                    }

                    continue;
                }
            }

            Thread.SpinWait(10);
        }
    }

    private static bool SleepOrFalse(int ms)
    {
        Thread.Sleep(ms);
        return false;
    }
}
