using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary>
/// Runs <c>edgemeta inspect</c> in-process through the real entry point (Program.Main, found by reflection
/// because the CLI's types are internal), capturing the console. Not parallel: the console is process-wide.
/// </summary>
[Collection(ConsoleCollection.Name)]
public sealed class InspectCommandTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "edgemeta-inspect-" + Guid.NewGuid().ToString("N"));

    public InspectCommandTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public void Truncated_file_exits_2_with_the_file_offset_and_problem()
    {
        var path = Path.Combine(_folder, "truncated.mid");
        var bytes = MidiFile.FromNotes([new Note(60, 100, 0, 0.5), new Note(62, 100, 0.5, 1)]).ToBytes();
        File.WriteAllBytes(path, bytes[..^6]);

        var (code, _, error) = CliRunner.Edgemeta("inspect", path);

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {path}: offset 14: MTrk declares", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Garbage_file_exits_2_naming_the_missing_header()
    {
        var path = Path.Combine(_folder, "garbage.mid");
        File.WriteAllBytes(path, "this is not a MIDI file at all"u8.ToArray());

        var (code, _, error) = CliRunner.Edgemeta("inspect", path);

        Assert.Equal(2, code);
        Assert.Contains($"{path}: offset 0: missing MThd", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Valid_file_prints_tracks_channels_notes_duration_and_tempo()
    {
        var path = Path.Combine(_folder, "two.mid");
        MidiFile.FromNotes([new Note(60, 100, 0, 0.5), new Note(64, 80, 0.5, 2.0, Channel: 9, Track: 1)], bpm: 90).Write(path);

        var (code, output, _) = CliRunner.Edgemeta("inspect", path, "--tokens");

        Assert.Equal(0, code);
        Assert.Contains("format 1, 480 ticks/quarter, 2 tracks", output, StringComparison.Ordinal);
        Assert.Contains("notes: 2", output, StringComparison.Ordinal);
        Assert.Contains("channels (1-16): 1, 10", output, StringComparison.Ordinal);
        Assert.Contains("duration: 2.000 s", output, StringComparison.Ordinal);
        Assert.Contains("tempo: 90 bpm at 0.000 s", output, StringComparison.Ordinal);
        Assert.Contains("NOTE_ON(60)", output, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
