using System.Runtime.InteropServices;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Linux scheduling for the engine's threads. The MIDI input, output and control threads ask for SCHED_FIFO, so they
/// are not queued behind ordinary work on a busy board (needs CAP_SYS_NICE or an RLIMIT_RTPRIO, systemd
/// <c>LimitRTPRIO=</c>; without them the call fails and the thread keeps normal scheduling; the kernel's RT throttling
/// still reserves 5% of each second for other tasks). .NET's <see cref="Thread.Priority"/> does nothing on Linux, so
/// the adaptation thread is made nicer through <c>setpriority</c> instead.
/// </summary>
public static partial class RealtimePriority
{
    private const int SchedOther = 0;
    private const int SchedFifo = 1;
    private const int PrioProcess = 0;

    /// <summary>SCHED_FIFO priority of the output scheduler thread (the highest: it sends on time).</summary>
    public const int OutputPriority = 60;

    /// <summary>SCHED_FIFO priority of the MIDI input threads (they timestamp what the performer plays).</summary>
    public const int InputPriority = 55;

    /// <summary>SCHED_FIFO priority of the engine's control thread (phrase ends, answer requests; a few µs per message).</summary>
    public const int ControlPriority = 50;

    /// <summary>
    /// SCHED_FIFO priority of the generator thread while it waits for an answer to start and until the answer's first
    /// note is queued (at most <see cref="AnswerStartTokens"/> tokens); the rest of the answer is generated at normal priority.
    /// </summary>
    public const int AnswerStartPriority = 45;

    /// <summary>Most tokens the generator draws under SCHED_FIFO at an answer's start before it returns to normal priority.</summary>
    public const int AnswerStartTokens = 32;

    /// <summary>Whether the generator takes <see cref="AnswerStartPriority"/> for answer starts (on by default; the latency benchmark can turn it off to compare).</summary>
    public static bool BoostAnswerStart { get; set; } = true;

    /// <summary>Nice value the adaptation thread takes (0 = as ordinary work; higher yields the CPU to the playing threads).</summary>
    public static int AdaptationNice { get; set; }

    /// <summary>Whether threads may ask for SCHED_FIFO at all (on by default; the latency benchmark turns it off to compare).</summary>
    public static bool Enabled { get; set; } = true;

    /// <summary>True once any thread got SCHED_FIFO.</summary>
    public static bool Active { get; private set; }

    /// <summary>Tries to put the calling thread under SCHED_FIFO at <paramref name="priority"/> (1-99). Returns whether it worked.</summary>
    public static bool TryElevateCurrentThread(int priority)
    {
        if (!Enabled || !OperatingSystem.IsLinux())
        {
            return false;
        }

        var param = Math.Clamp(priority, 1, 99);
        var ok = SchedSetScheduler(0, SchedFifo, ref param) == 0;
        Active |= ok;
        return ok;
    }

    /// <summary>Returns the calling thread to normal (SCHED_OTHER) scheduling. Returns whether it worked.</summary>
    public static bool TryReturnCurrentThreadToNormal()
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var param = 0;
        return SchedSetScheduler(0, SchedOther, ref param) == 0;
    }

    /// <summary>
    /// Sets the calling thread's nice value (0 normal, up to 19 nicest; lowering below 0 needs privileges). Returns
    /// whether it worked. Only this thread changes: Linux keeps a nice value per thread.
    /// </summary>
    public static bool TrySetCurrentThreadNice(int nice)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        try
        {
            var tid = GetTid();   // glibc 2.30+
            return tid > 0 && SetPriority(PrioProcess, tid, Math.Clamp(nice, -20, 19)) == 0;
        }
        catch (EntryPointNotFoundException)
        {
            return false;
        }
    }

    /// <summary>Pins the process or thread <paramref name="pid"/> (0 = the calling thread) to CPU <paramref name="cpu"/>. Returns whether it worked.</summary>
    public static unsafe bool TryPin(int pid, int cpu)
    {
        if (!OperatingSystem.IsLinux() || cpu is < 0 or >= 1024)
        {
            return false;
        }

        var mask = stackalloc ulong[16];   // 1024 CPUs
        new Span<ulong>(mask, 16).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        return SchedSetAffinity(pid, 16 * sizeof(ulong), mask) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref int param);

    [LibraryImport("libc", EntryPoint = "setpriority", SetLastError = true)]
    private static partial int SetPriority(int which, int who, int prio);

    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    private static unsafe partial int SchedSetAffinity(int pid, nuint size, ulong* mask);

    [LibraryImport("libc", EntryPoint = "gettid")]
    private static partial int GetTid();
}
