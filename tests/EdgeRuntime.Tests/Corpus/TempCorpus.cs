using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tests.Corpus;

/// <summary>A throw-away corpus folder of generated MIDI files (plus a separate fallback cache folder).</summary>
internal sealed class TempCorpus : IDisposable
{
    public TempCorpus()
    {
        Root = Path.Combine(Path.GetTempPath(), $"edgemeta-corpus-{Guid.NewGuid():N}", "folk");
        CacheFolder = Path.Combine(Path.GetDirectoryName(Root)!, "token-cache");
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string CacheFolder { get; }

    /// <summary>Writes a tune of <paramref name="count"/> legato notes starting at <paramref name="firstPitch"/>.</summary>
    public string AddTune(string relativePath, int firstPitch, int count = 40)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var notes = Enumerable.Range(0, count).Select(i => new Note(firstPitch + i % 7, 90, i * 0.25, (i + 1) * 0.25)).ToArray();
        MidiFile.FromNotes(notes).Write(path);
        return path;
    }

    public string AddBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Root, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(Root)!;
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        Directory.Delete(parent, recursive: true);
    }
}
