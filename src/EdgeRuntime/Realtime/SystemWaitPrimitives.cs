using System.Diagnostics;
using System.Runtime.InteropServices;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The real <see cref="IWaitPrimitives"/>: Stopwatch time, wait handles for coarse sleeps (millisecond resolution),
/// <c>clock_nanosleep</c> for the precise sleep on Linux (a SCHED_FIFO thread has no timer slack, so it wakes within
/// tens of microseconds) and <see cref="Thread.SpinWait(int)"/>.
/// </summary>
public sealed partial class SystemWaitPrimitives : IWaitPrimitives
{
    private const int ClockMonotonic = 1;

    /// <summary>The shared instance.</summary>
    public static SystemWaitPrimitives Instance { get; } = new();

    public long Now => Stopwatch.GetTimestamp();

    public long Frequency => Stopwatch.Frequency;

    public bool Sleep(int milliseconds, WaitHandle? wake)
    {
        if (wake is not null)
        {
            return wake.WaitOne(milliseconds);
        }

        Thread.Sleep(milliseconds);
        return false;
    }

    public unsafe void SleepPrecise(long ticks)
    {
        if (ticks <= 0)
        {
            return;
        }

        if (!OperatingSystem.IsLinux())
        {
            Thread.Yield();
            return;
        }

        var nanoseconds = (long)(ticks * (1e9 / Stopwatch.Frequency));
        var request = new TimeSpec { Seconds = nanoseconds / 1_000_000_000, Nanoseconds = nanoseconds % 1_000_000_000 };
        _ = ClockNanosleep(ClockMonotonic, 0, &request, null);   // EINTR: the caller re-checks the time
    }

    public void Spin() => Thread.SpinWait(10);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_nanosleep")]
    private static unsafe partial int ClockNanosleep(int clock, int flags, TimeSpec* request, TimeSpec* remaining);
}
