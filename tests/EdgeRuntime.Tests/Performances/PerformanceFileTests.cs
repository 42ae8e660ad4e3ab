using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Performances;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tests.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Performances;

/// <summary>Messages about a performer's file that name it (issue 14, finding 8).</summary>
public sealed class PerformanceFileTests
{
    private static string Why(IReadOnlyList<Note> notes) =>
        PerformanceFile.WhyNoPhrases(notes, "call.mid", new TokenizerOptions(), new SegmenterOptions());

    [Fact]
    public void A_note_months_out_is_refused_naming_the_file()
    {
        // Division 1 tick per quarter, tempo 16.7 s per quarter, a delta of 0x0FFFFFFF ticks: 4.5e9 s.
        using var folder = new ScratchFolder();
        var path = folder.File("damaged.mid");
        File.WriteAllBytes(path, MidiBytes.File(0, 1,
        [
            0x00, 0xFF, 0x51, 0x03, 0xFF, 0xFF, 0xFF,
            0xFF, 0xFF, 0xFF, 0x7F, 0x90, 60, 100,
            0x01, 0x80, 60, 0,
            .. MidiBytes.EndOfTrack,
        ]));

        var ex = Assert.Throws<InvalidDataException>(() => PerformanceFile.Read(path));

        Assert.StartsWith(path + ": note 60", ex.Message, StringComparison.Ordinal);
        Assert.Contains("86400 s", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ordinary_file_reads_to_its_notes()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("ok.mid");
        MidiFile.FromNotes([new Note(60, 100, 0, 0.5)]).Write(path);

        Assert.Equal(60, Assert.Single(PerformanceFile.Read(path)).Pitch);
    }

    [Fact]
    public void Too_few_notes_say_how_many_and_what_a_phrase_needs()
    {
        var notes = new[] { new Note(60, 100, 0, 0.2), new Note(62, 100, 0.25, 0.45), new Note(64, 100, 0.5, 0.7) };

        Assert.Matches(@"^call\.mid: 3 notes \(\d+ events\), fewer than the 16 events a phrase needs$", Why(notes));
    }

    [Fact]
    public void Drums_only_says_channel_10()
    {
        var notes = Enumerable.Range(0, 30).Select(i => new Note(36, 100, i * 0.25, i * 0.25 + 0.1, Channel: 9)).ToArray();

        Assert.Equal("call.mid: 30 notes, all on channel 10 (drums), which the model does not play", Why(notes));
    }

    [Fact]
    public void No_notes_at_all_says_so()
    {
        Assert.Equal("call.mid: contains no notes", Why([]));
    }

    [Fact]
    public void A_few_melody_notes_beside_drums_count_only_the_melody()
    {
        var notes = new[] { new Note(60, 100, 0, 0.2), new Note(36, 100, 0, 0.1, Channel: 9) };

        Assert.EndsWith("(1 drum note on channel 10 left out)", Why(notes), StringComparison.Ordinal);
        Assert.StartsWith("call.mid: 1 note (", Why(notes), StringComparison.Ordinal);
    }
}
