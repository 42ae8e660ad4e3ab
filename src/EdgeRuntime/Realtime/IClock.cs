namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Monotonic time for the engine. The real one is <see cref="MonotonicClock"/>; tests use a fake clock
/// they advance by hand, so scheduling is tested without sleeps.
/// </summary>
public interface IClock
{
    /// <summary>Current time in ticks.</summary>
    long Now { get; }

    /// <summary>Ticks per second.</summary>
    long Frequency { get; }

    /// <summary>
    /// Returns when <see cref="Now"/> &gt;= <paramref name="ticks"/>, or early (false) when <paramref name="wake"/> is signalled
    /// or the clock stepped back (a clock that can: <see cref="MonotonicClock"/> never does), so the waiter looks again.
    /// </summary>
    bool WaitUntil(long ticks, WaitHandle? wake = null);
}
