using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Tests.Ports;

/// <summary>A FIFO in a fresh temp folder, removed on dispose.</summary>
internal sealed class TempFifo : IDisposable
{
    private readonly string _dir;

    public TempFifo(string name = "midi")
    {
        _dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgemeta-fifo-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(_dir);
        Path = System.IO.Path.Combine(_dir, name);
        if (LibC.MkFifo(Path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {Path} failed");
        }
    }

    public string Path { get; }

    public static string Another(TempFifo sibling, string name)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetDirectoryName(sibling.Path)!, name);
        if (LibC.MkFifo(path, Convert.ToUInt32("600", 8)) != 0)
        {
            throw new IOException($"mkfifo {path} failed");
        }

        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
