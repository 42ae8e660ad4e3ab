using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tests.Midi;
using EdgeMeta.EdgeRuntime.Tests.Ports;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary><c>edgemeta inspect</c> on paths that are not MIDI files: a clear message, never a hang (issue 14, findings 8, 11).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class InspectRobustnessTests
{
    [Fact]
    public void Inspecting_a_folder_says_it_is_a_folder()
    {
        var folder = Path.GetTempPath().TrimEnd('/');

        var (code, _, error) = CliRunner.Edgemeta("inspect", folder);

        Assert.Equal(2, code);
        Assert.Equal($"error: {folder}: is a folder, not a MIDI file", error.Trim());
    }

    [Fact]
    public void Inspecting_a_fifo_with_no_writer_ends_with_a_message()
    {
        using var fifo = new TempFifo("in.mid");

        var (code, _, error) = CliRunner.Edgemeta("inspect", fifo.Path);

        Assert.Equal(2, code);
        Assert.Contains($"{fifo.Path}: offset 0: file is 0 bytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Tokens_of_a_file_with_a_note_months_out_name_the_file()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("damaged.mid");
        File.WriteAllBytes(path, MidiBytes.File(0, 1,
            [0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100, 0x01, 0x80, 60, 0, .. MidiBytes.EndOfTrack]));

        var (code, _, error) = CliRunner.Edgemeta("inspect", path, "--tokens");

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {path}: note 60", error, StringComparison.Ordinal);
    }
}
