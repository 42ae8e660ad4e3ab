using System.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// A tiny tmpfs mounted on a scratch folder, to make "disk full" and "read-only disk" real rather than mocked.
/// Needs root (CI and this machine run as root); <see cref="TryMount"/> returns null elsewhere and the tests
/// that use it return early, as corpus tests do without a corpus.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private SmallDisk(string path) => Path = path;

    public string Path { get; }

    public static SmallDisk? TryMount(int kilobytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgemeta-disk-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(path);
        if (Run("mount", "-t", "tmpfs", "-o", $"size={kilobytes}k", "tmpfs", path) != 0)
        {
            Directory.Delete(path);
            return null;
        }

        return new SmallDisk(path);
    }

    /// <summary>Fills the disk to the last byte with a filler file.</summary>
    public void Fill()
    {
        var buffer = new byte[4096];
        using var filler = new FileStream(System.IO.Path.Combine(Path, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, 1);
        try
        {
            while (true)
            {
                filler.Write(buffer);
                filler.Flush();
            }
        }
        catch (IOException)
        {
            // ENOSPC: full, as wanted. Single bytes next, to leave no room at all.
        }

        try
        {
            while (true)
            {
                filler.WriteByte(0);
                filler.Flush();
            }
        }
        catch (IOException)
        {
        }
    }

    public void MakeReadOnly()
    {
        if (Run("mount", "-o", "remount,ro", Path) != 0)
        {
            throw new InvalidOperationException($"remount,ro {Path} failed");
        }
    }

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static int Run(string command, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
