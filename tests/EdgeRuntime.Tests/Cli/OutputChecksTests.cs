using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary>respond and play check what they will write before they start: never the performer's file, a device or a folder.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class OutputChecksTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemeta-outputs-" + Guid.NewGuid().ToString("N"));
    private readonly string _model = Path.Combine(TestPaths.RepositoryRoot(), "models", "default");
    private readonly string _call;

    public OutputChecksTests()
    {
        Directory.CreateDirectory(_dir);
        _call = Path.Combine(_dir, "call.mid");
        MidiFile.FromNotes([.. Enumerable.Range(0, 12).Select(i => new Note(60 + i, 80, i * 0.25, (i * 0.25) + 0.2))]).Write(_call);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Respond_refuses_to_write_over_the_performers_own_file()
    {
        var before = File.ReadAllBytes(_call);

        var (code, _, error) = CliRunner.Edgemeta("respond", "--model", _model, "--phrases", _call, "--out", _call);

        Assert.Equal(2, code);
        Assert.Contains(_call, error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(_call));
    }

    [Fact]
    public void Respond_refuses_a_device_node_and_leaves_it_a_device()
    {
        var (code, _, error) = CliRunner.Edgemeta("respond", "--model", _model, "--phrases", _call, "--out", "/dev/null");

        Assert.Equal(2, code);
        Assert.Contains("/dev/null", error, StringComparison.Ordinal);
        Assert.True(File.GetAttributes("/dev/null").HasFlag(FileAttributes.Device) || new FileInfo("/dev/null").Length == 0);
    }

    [Fact]
    public void Play_refuses_a_record_folder_that_is_a_file_before_anything_opens()
    {
        var file = Path.Combine(_dir, "not-a-folder");
        File.WriteAllText(file, "x");

        var (code, _, error) = CliRunner.Edgemeta("play", "--model", "/nonexistent-model", "--in", $"file:{_call}", "--out", "fifo:/nonexistent", "--record", file);

        Assert.Equal(2, code);
        Assert.Contains(file, error, StringComparison.Ordinal);
        Assert.DoesNotContain("nonexistent-model", error, StringComparison.Ordinal);
    }
}
