namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Waiting for a deadline on time without holding a core: coarse sleeps on the wake handle (so new work or a cancel
/// interrupts them) until a few milliseconds before, then one precise sleep to <see cref="SpinTicks"/> before the
/// deadline, then a spin. Millisecond sleeps wake up to a millisecond or two late, which is why the last stretch is
/// slept precisely; the OS's wake-up latency (tens of microseconds for a SCHED_FIFO thread) is what the spin absorbs.
/// The spin is bounded: it starts only inside the window, so a wait never spins longer than <see cref="SpinTicks"/>.
/// </summary>
public sealed class HybridWait
{
    private readonly IWaitPrimitives _time;
    private readonly long _coarseMarginTicks;

    /// <summary>Creates a waiter spinning at most <paramref name="spinTicks"/> before each deadline.</summary>
    /// <param name="time">Clock, sleeps and spin.</param>
    /// <param name="spinTicks">The spin window; at most a millisecond (a longer spin only burns the core).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="spinTicks"/> is negative or over 1 ms.</exception>
    public HybridWait(IWaitPrimitives time, long spinTicks)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(spinTicks);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(spinTicks, time.Frequency / 1000);
        _time = time;
        SpinTicks = spinTicks;
        // Coarse (millisecond) sleeps stop 2 ms short of the spin window: they may wake that late.
        _coarseMarginTicks = time.Frequency / 500;
    }

    /// <summary>How long before a deadline the wait stops sleeping and spins, in clock ticks.</summary>
    public long SpinTicks { get; }

    /// <summary>Returns true once the clock reaches <paramref name="deadline"/>, or false as soon as <paramref name="wake"/> is signalled before it.</summary>
    public bool Until(long deadline, WaitHandle? wake = null)
    {
        while (true)
        {
            var remaining = deadline - _time.Now;
            if (remaining <= 0)
            {
                return true;
            }

            var toWindow = remaining - SpinTicks;
            if (toWindow <= 0)
            {
                _time.Spin();
                continue;
            }

            var coarseMs = (toWindow - _coarseMarginTicks) * 1000 / _time.Frequency;
            if (coarseMs >= 1)
            {
                if (_time.Sleep((int)Math.Min(int.MaxValue, coarseMs), wake))
                {
                    return false;
                }

                continue;
            }

            // Within a couple of milliseconds: one precise sleep to the window, then see whether new work came meanwhile.
            _time.SleepPrecise(toWindow);
            if (wake is not null && wake.WaitOne(0))
            {
                return false;
            }
        }
    }
}
