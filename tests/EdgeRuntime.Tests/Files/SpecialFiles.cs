using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Tests.Files;

/// <summary>Device nodes, FIFOs and sockets in a scratch folder, for the "never replace anything but a file" tests.</summary>
internal static class SpecialFiles
{
    /// <summary>A character device like /dev/null (major 1, minor 3) at <paramref name="path"/>, made with mknod (needs root, as CI and this machine run).</summary>
    public static void CharacterDevice(string path)
    {
        using var process = Process.Start(new ProcessStartInfo("mknod", [path, "c", "1", "3"]) { RedirectStandardError = true })!;
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"mknod {path} failed: {process.StandardError.ReadToEnd()}");
        }
    }

    public static void NamedPipe(string path) => Fifo.Create(path);

    /// <summary>A bound Unix socket at <paramref name="path"/>; .NET removes the file when the socket is disposed, so keep it open.</summary>
    public static System.Net.Sockets.Socket Socket(string path)
    {
        var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        socket.Bind(new System.Net.Sockets.UnixDomainSocketEndPoint(path));
        return socket;
    }
}
