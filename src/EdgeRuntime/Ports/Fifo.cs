using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>Named pipes for tests, demos and the latency benchmark: the same byte path as a raw MIDI device.</summary>
public static class Fifo
{
    /// <summary>Creates a FIFO at <paramref name="path"/> (mode 0600).</summary>
    /// <exception cref="IOException">mkfifo failed (message names the path and the reason).</exception>
    public static void Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (LibC.MkFifo(path, 0x180) != 0)
        {
            throw new IOException($"mkfifo {path} failed: {LibC.Describe(Marshal.GetLastPInvokeError())}.");
        }
    }
}
