using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Tests.Files;

namespace EdgeMeta.EdgeRuntime.Tests.Ports;

/// <summary><c>--in file:X</c> reads with the command's settings, so <c>--lenient</c> reaches it (issue 14, finding 11).</summary>
public sealed class FileInputSettingsTests
{
    [Fact]
    public void A_truncated_file_is_refused_strictly_and_played_leniently()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("phrases.mid");
        var bytes = MidiFile.FromNotes([new Note(60, 100, 0, 0.5), new Note(62, 100, 0.5, 1), new Note(64, 100, 1, 1.5)]).ToBytes();
        File.WriteAllBytes(path, bytes[..^6]);

        Assert.Throws<MidiFormatException>(() => MidiPorts.OpenInput("file:" + path));
        using var input = MidiPorts.OpenInput("file:" + path, MidiReadSettings.Lenient);

        Assert.True(Assert.IsType<MidiFileInput>(input).Duration > 0);
    }
}
