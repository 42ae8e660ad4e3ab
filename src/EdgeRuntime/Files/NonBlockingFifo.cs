using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>
/// Opens a FIFO for reading without waiting for a writer. open(2) on a FIFO blocks until someone opens the
/// other end, so <c>inspect PIPE</c> with no writer would hang forever; opened with O_NONBLOCK it returns at
/// once, and with the flag cleared again reads behave normally: they wait for a writer's data and see end of
/// file when no writer is left (at once, if none ever came).
/// </summary>
internal static partial class NonBlockingFifo
{
    private const int ORdOnly = 0x0000;
    private const int ONonBlock = 0x0800;
    private const int OCloExec = 0x80000;
    private const int FGetFl = 3;
    private const int FSetFl = 4;

    /// <exception cref="IOException">open or fcntl failed (message names the path).</exception>
    public static Stream OpenForReading(string path)
    {
        var fd = Open(path, ORdOnly | ONonBlock | OCloExec);
        if (fd < 0)
        {
            throw new IOException($"{path}: cannot open the FIFO ({Describe(Marshal.GetLastPInvokeError())})");
        }

        var handle = new SafeFileHandle(fd, ownsHandle: true);
        var flags = Fcntl(fd, FGetFl, 0);
        if (flags < 0 || Fcntl(fd, FSetFl, flags & ~ONonBlock) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new IOException($"{path}: cannot read the FIFO ({Describe(errno)})");
        }

        return new FileStream(handle, FileAccess.Read, bufferSize: 0);
    }

    private static string Describe(int errno) => Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}";

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint StrError(int errno);
}
