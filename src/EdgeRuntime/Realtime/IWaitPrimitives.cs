namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The three ways a thread can wait, behind a seam so <see cref="HybridWait"/> is tested on a fake clock: a coarse
/// sleep that new work can interrupt, a precise uninterruptible sleep, and one short spin.
/// </summary>
public interface IWaitPrimitives
{
    /// <summary>Current time in ticks.</summary>
    long Now { get; }

    /// <summary>Ticks per second.</summary>
    long Frequency { get; }

    /// <summary>Sleeps at least <paramref name="milliseconds"/> (the OS may wake the thread later); true when <paramref name="wake"/> was signalled first.</summary>
    bool Sleep(int milliseconds, WaitHandle? wake);

    /// <summary>Sleeps about <paramref name="ticks"/> on the high-resolution timer (under a millisecond or two; not interruptible).</summary>
    void SleepPrecise(long ticks);

    /// <summary>Spins briefly (well under a microsecond to a few microseconds).</summary>
    void Spin();
}
