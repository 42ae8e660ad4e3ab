using System.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// A busy process pinned to one CPU, standing in for whatever else a board runs beside the duet (the latency
/// benchmark's loaded rows). It is a separate process at normal priority, as another program would be, so the
/// engine's own garbage collector and threads are not part of it. Disposing kills it.
/// </summary>
public sealed class CpuHog : IDisposable
{
    private readonly Process _process;

    private CpuHog(Process process, int cpu, bool pinned)
    {
        _process = process;
        Cpu = cpu;
        Pinned = pinned;
    }

    /// <summary>The CPU the hog was asked to run on.</summary>
    public int Cpu { get; }

    /// <summary>Whether pinning it to <see cref="Cpu"/> worked (otherwise it runs wherever the OS puts it).</summary>
    public bool Pinned { get; }

    /// <summary>The hog's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Starts a shell busy loop on <paramref name="cpu"/> (the last CPU when null).</summary>
    /// <exception cref="InvalidOperationException">/bin/sh could not be started.</exception>
    public static CpuHog Start(int? cpu = null)
    {
        var target = cpu ?? Environment.ProcessorCount - 1;
        var info = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardInput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("while :; do :; done");
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start /bin/sh for the CPU hog.");
        return new CpuHog(process, target, RealtimePriority.TryPin(process.Id, target));
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                _process.WaitForExit(2000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }
}
