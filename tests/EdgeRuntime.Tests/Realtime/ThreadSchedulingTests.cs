using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>What the engine's threads ask of Linux actually lands on the thread that asks (read back from /proc).</summary>
public sealed class ThreadSchedulingTests
{
    // Policy (0 normal, 1 SCHED_FIFO) and nice value of the calling thread, from /proc/thread-self/stat.
    private static (int Policy, int Nice) Current()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[38]), int.Parse(fields[16]));   // fields 41 and 19 of proc(5), counted from "state"
    }

    private static T OnNewThread<T>(Func<T> work)
    {
        T result = default!;
        var thread = new Thread(() => result = work());
        thread.Start();
        thread.Join();
        return result;
    }

    [SkippableFact]
    public void A_thread_raised_to_sched_fifo_for_an_answer_start_returns_to_normal_scheduling()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux scheduling");
        var (raised, during, after) = OnNewThread(() =>
        {
            var ok = RealtimePriority.TryElevateCurrentThread(RealtimePriority.AnswerStartPriority);
            var during = Current();
            RealtimePriority.TryReturnCurrentThreadToNormal();
            return (ok, during, Current());
        });
        Skip.IfNot(raised, "no CAP_SYS_NICE or RLIMIT_RTPRIO here");

        Assert.Equal(1, during.Policy);
        Assert.Equal(0, after.Policy);
    }

    [SkippableFact]
    public void The_adaptation_nice_value_changes_only_the_thread_that_sets_it()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux scheduling");
        var before = Current();
        var (ok, niced) = OnNewThread(() => (RealtimePriority.TrySetCurrentThreadNice(before.Nice + 5), Current()));

        Assert.True(ok);
        Assert.Equal(Math.Min(19, before.Nice + 5), niced.Nice);
        Assert.Equal(before.Nice, Current().Nice);
    }

    [SkippableFact]
    public void The_cpu_hog_runs_pinned_to_the_last_cpu_and_is_gone_after_dispose()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "Linux scheduling");
        var hog = CpuHog.Start();
        var pid = hog.ProcessId;
        try
        {
            Assert.True(hog.Pinned);
            var allowed = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
            Assert.Equal($"{Environment.ProcessorCount - 1}", allowed.Split(':')[1].Trim());
        }
        finally
        {
            hog.Dispose();
        }

        Assert.False(Directory.Exists($"/proc/{pid}") && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal));
    }
}
