using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

public sealed class MidiWriterGoldenTests
{
    [Fact]
    public void Notes_on_two_tracks_encode_to_the_hand_assembled_bytes()
    {
        var notes = new[]
        {
            new Note(60, 100, 0.0, 0.5, Channel: 0, Track: 0),
            new Note(64, 80, 0.25, 1.0, Channel: 1, Track: 1),
        };

        var bytes = MidiFile.FromNotes(notes, ticksPerQuarter: 480, bpm: 120).ToBytes();

        byte[] expected =
        [
            // MThd, length 6, format 1, 2 tracks, 480 ticks per quarter.
            0x4D, 0x54, 0x68, 0x64, 0x00, 0x00, 0x00, 0x06, 0x00, 0x01, 0x00, 0x02, 0x01, 0xE0,
            // MTrk of 20 bytes: tempo 500000 us (120 bpm); C4 on at 0, off after 480 ticks (0.5 s); End of Track.
            0x4D, 0x54, 0x72, 0x6B, 0x00, 0x00, 0x00, 0x14,
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20,
            0x00, 0x90, 0x3C, 0x64,
            0x83, 0x60, 0x80, 0x3C, 0x40,
            0x00, 0xFF, 0x2F, 0x00,
            // MTrk of 14 bytes: E4 on channel 2 at 240 ticks (0.25 s), off 720 ticks later (1.0 s); End of Track.
            0x4D, 0x54, 0x72, 0x6B, 0x00, 0x00, 0x00, 0x0E,
            0x81, 0x70, 0x91, 0x40, 0x50,
            0x85, 0x50, 0x81, 0x40, 0x40,
            0x00, 0xFF, 0x2F, 0x00,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void Variable_length_quantities_use_the_smf_examples()
    {
        // Examples from the SMF 1.0 specification's table of variable-length quantities.
        (int Value, byte[] Bytes)[] cases =
        [
            (0x00, [0x00]), (0x40, [0x40]), (0x7F, [0x7F]), (0x80, [0x81, 0x00]), (0x2000, [0xC0, 0x00]),
            (0x3FFF, [0xFF, 0x7F]), (0x4000, [0x81, 0x80, 0x00]), (0x1FFFFF, [0xFF, 0xFF, 0x7F]),
            (0x200000, [0x81, 0x80, 0x80, 0x00]), (0x0FFFFFFF, [0xFF, 0xFF, 0xFF, 0x7F]),
        ];
        foreach (var (value, expected) in cases)
        {
            var stream = new MemoryStream();
            EdgeRuntime.Midi.Writing.MidiFileWriter.WriteVlq(stream, value);
            Assert.Equal(expected, stream.ToArray());
        }
    }

    [Fact]
    public void Written_file_reads_back_to_the_same_notes_and_tracks()
    {
        var notes = new[]
        {
            new Note(60, 100, 0.0, 0.5, 0, 0),
            new Note(64, 90, 0.0, 0.5, 0, 0),
            new Note(67, 80, 1.0, 3.0, 9, 2),
            new Note(48, 70, 0.5, 0.5, 3, 1),
        };

        var back = MidiBytes.Read(MidiFile.FromNotes(notes).ToBytes()).ToNotes();

        Assert.Equal(notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch), back);
    }

    [Fact]
    public void Overlapping_notes_of_one_key_are_cut_at_the_next_onset_when_written()
    {
        var notes = new[] { new Note(60, 100, 0.0, 2.0), new Note(60, 90, 1.0, 3.0) };

        var back = MidiBytes.Read(MidiFile.FromNotes(notes).ToBytes()).ToNotes();

        Assert.Equal([new Note(60, 100, 0.0, 1.0), new Note(60, 90, 1.0, 3.0)], back);
    }

    [Fact]
    public void Write_to_a_path_replaces_the_file_and_leaves_no_temporary_file()
    {
        var folder = Path.Combine(Path.GetTempPath(), "edgemeta-midi-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var path = Path.Combine(folder, "out.mid");
            File.WriteAllText(path, "old content");
            var file = MidiFile.FromNotes([new Note(72, 64, 0.0, 0.25)]);

            file.Write(path);

            Assert.Equal(file.ToBytes(), File.ReadAllBytes(path));
            Assert.Equal(["out.mid"], Directory.GetFiles(folder).Select(Path.GetFileName));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Notes_out_of_midi_range_are_refused_with_their_index()
    {
        var ex = Assert.Throws<ArgumentException>(() => MidiFile.FromNotes([new Note(60, 100, 0, 1), new Note(128, 100, 0, 1)]));

        Assert.Contains("note 1", ex.Message, StringComparison.Ordinal);
        Assert.Contains("pitch 128", ex.Message, StringComparison.Ordinal);
    }
}
