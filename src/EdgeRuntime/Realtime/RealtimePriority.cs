using System.Runtime.InteropServices;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Asks Linux to run the calling thread under SCHED_FIFO, so the MIDI input and output threads are not queued
/// behind ordinary work on a busy board. Needs CAP_SYS_NICE or an RLIMIT_RTPRIO (systemd: LimitRTPRIO=); without
/// them the call fails and the thread keeps normal scheduling. The kernel's RT throttling still reserves 5% of
/// each second for other tasks.
/// </summary>
public static partial class RealtimePriority
{
    private const int SchedFifo = 1;

    /// <summary>True once any thread got SCHED_FIFO.</summary>
    public static bool Active { get; private set; }

    /// <summary>Tries to put the calling thread under SCHED_FIFO at <paramref name="priority"/> (1-99). Returns whether it worked.</summary>
    public static bool TryElevateCurrentThread(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var param = Math.Clamp(priority, 1, 99);
        var ok = SchedSetScheduler(0, SchedFifo, ref param) == 0;
        Active |= ok;
        return ok;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref int param);
}
