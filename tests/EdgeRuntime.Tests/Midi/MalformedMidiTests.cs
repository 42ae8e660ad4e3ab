using EdgeMeta.EdgeRuntime.Midi;
using static EdgeMeta.EdgeRuntime.Tests.Midi.MidiBytes;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>
/// One test per kind of broken file, each asserting the offset the reader reports. Offsets: MThd at 0,
/// its fields at 8 (format), 10 (track count), 12 (division); the first MTrk header at 14; its body at 22.
/// </summary>
public sealed class MalformedMidiTests
{
    private static readonly byte[] OneNote = [0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x00];

    [Fact]
    public void Missing_mthd_reports_offset_0()
    {
        var ex = Fails([.. "RIFF"u8, 0, 0, 0, 4, .. "RMID"u8]);

        Assert.Equal(0, ex.Offset);
        Assert.Contains("missing MThd", ex.Problem, StringComparison.Ordinal);
        Assert.Equal("test.mid", ex.FilePath);
        Assert.Equal($"test.mid: offset 0: {ex.Problem}", ex.Message);
    }

    [Fact]
    public void Empty_file_reports_offset_0()
    {
        Assert.Equal(0, Fails([]).Offset);
    }

    [Fact]
    public void Truncated_header_chunk_reports_its_length_field()
    {
        var ex = Fails([.. "MThd"u8, 0, 0, 0, 6, 0, 1]);

        Assert.Equal(4, ex.Offset);
        Assert.Contains("declares 6 bytes but only 2 remain", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_below_6_is_refused()
    {
        Assert.Equal(4, Fails([.. "MThd"u8, 0, 0, 0, 2, 0, 0, 0, 1, 0, 96]).Offset);
    }

    [Fact]
    public void Unknown_format_and_zero_division_report_their_fields()
    {
        Assert.Equal(8, Fails(File(3, 96, [.. EndOfTrack])).Offset);
        Assert.Equal(12, Fails(File(0, 0, [.. EndOfTrack])).Offset);
        Assert.Equal(12, Fails(File(0, 0xE628, [.. EndOfTrack])).Offset); // -26 fps is no SMPTE rate
    }

    [Fact]
    public void Truncated_track_chunk_reports_offset_of_the_chunk()
    {
        var bytes = File(0, 96, [.. OneNote, .. EndOfTrack])[..^5];

        var ex = Fails(bytes);

        Assert.Equal(14, ex.Offset);
        Assert.Contains("MTrk declares 12 bytes but only 7 remain", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_declared_track_length_fails_without_allocating_it()
    {
        byte[] bytes = [.. Header(0, 1, 96), .. Chunk("MTrk", [.. OneNote, .. EndOfTrack], declaredLength: 0xFFFFFFF0)];

        var ex = Fails(bytes);

        Assert.Equal(14, ex.Offset);
        Assert.Contains("4294967280", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_length_too_short_cuts_an_event_and_reports_where()
    {
        // The chunk claims 10 bytes: it ends inside the End of Track meta event (after FF).
        byte[] bytes = [.. Header(0, 1, 96), .. Chunk("MTrk", [.. OneNote, 0x00, 0xFF], declaredLength: 10), 0x2F, 0x00];

        var ex = Fails(bytes);

        Assert.Equal(FirstTrackBody + 10, ex.Offset);
        Assert.Contains("meta event runs past the end", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Variable_length_quantity_over_4_bytes_reports_its_first_byte()
    {
        var ex = Fails(File(0, 96, [0xFF, 0xFF, 0xFF, 0xFF, 0x7F, 0x90, 0x3C, 0x40, .. EndOfTrack]));

        Assert.Equal(FirstTrackBody, ex.Offset);
        Assert.Contains("longer than 4 bytes", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_byte_without_running_status_reports_its_offset()
    {
        var ex = Fails(File(0, 96, [0x00, 0x3C, 0x40, .. EndOfTrack]));

        Assert.Equal(FirstTrackBody + 1, ex.Offset);
        Assert.Contains("no running status", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Status_bytes_not_allowed_in_files_are_refused()
    {
        var ex = Fails(File(0, 96, [0x00, 0xF4, .. EndOfTrack]));

        Assert.Equal(FirstTrackBody + 1, ex.Offset);
        Assert.Contains("0xF4", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Data_byte_above_127_in_a_channel_message_is_refused()
    {
        var ex = Fails(File(0, 96, [0x00, 0x90, 0x3C, 0x90, .. EndOfTrack]));

        Assert.Equal(FirstTrackBody + 3, ex.Offset);
        Assert.Contains("above 127", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Huge_sysex_and_meta_lengths_report_the_length_field()
    {
        var sysex = Fails(File(0, 96, [0x00, 0xF0, 0xFF, 0xFF, 0xFF, 0x7F, 0x01, .. EndOfTrack]));
        var meta = Fails(File(0, 96, [0x00, 0xFF, 0x01, 0xFF, 0xFF, 0xFF, 0x7F, 0x41, .. EndOfTrack]));

        Assert.Equal(FirstTrackBody + 2, sysex.Offset);
        Assert.Contains("SysEx declares 268435455 bytes", sysex.Problem, StringComparison.Ordinal);
        Assert.Equal(FirstTrackBody + 3, meta.Offset);
        Assert.Contains("meta event declares 268435455 bytes", meta.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_without_end_of_track_reports_the_chunk_end()
    {
        var ex = Fails(File(0, 96, OneNote));

        Assert.Equal(FirstTrackBody + OneNote.Length, ex.Offset);
        Assert.Contains("without an End of Track", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Track_count_differing_from_the_header_reports_the_count_field()
    {
        byte[] bytes = [.. Header(1, 2, 96), .. Chunk("MTrk", [.. OneNote, .. EndOfTrack])];

        var ex = Fails(bytes);

        Assert.Equal(10, ex.Offset);
        Assert.Contains("declares 2 tracks but the file has 1", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Tempo_with_the_wrong_length_reports_the_meta_type_byte()
    {
        var ex = Fails(File(0, 96, [0x00, 0xFF, 0x51, 0x02, 0x07, 0xA1, .. EndOfTrack]));

        Assert.Equal(FirstTrackBody + 2, ex.Offset);
    }

    [Fact]
    public void File_over_the_size_limit_is_refused_before_parsing()
    {
        var settings = new MidiReadSettings { MaxFileBytes = 16 };

        var ex = Assert.Throws<MidiFormatException>(() => Read(File(0, 96, [.. OneNote, .. EndOfTrack]), settings));

        Assert.Equal(16, ex.Offset);
        Assert.Contains("16-byte limit", ex.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Lenient_reading_keeps_the_events_before_corruption_and_counts_what_it_dropped()
    {
        byte[] corrupt = [.. OneNote, 0x00, 0xF4, 0x00, 0x90, 0x40, 0x40, .. EndOfTrack];
        byte[] good = [.. OneNote, .. EndOfTrack];
        var bytes = File(1, 96, corrupt, good);

        var file = Read(bytes, MidiReadSettings.Lenient);

        Assert.Equal(2, file.ToNotes().Count);
        Assert.Equal(1, file.ReadReport.CorruptTracks);
        Assert.Equal(corrupt.Length - OneNote.Length - 1, file.ReadReport.BytesDropped);
        Assert.StartsWith($"offset {FirstTrackBody + OneNote.Length + 1}:", Assert.Single(file.ReadReport.Problems), StringComparison.Ordinal);
        Assert.False(file.ReadReport.IsClean);
    }

    [Fact]
    public void Lenient_reading_of_a_truncated_file_keeps_the_complete_events()
    {
        var bytes = File(0, 96, [.. OneNote, .. EndOfTrack])[..^4];

        var file = Read(bytes, MidiReadSettings.Lenient);

        Assert.Equal([new Note(60, 64, 0, 0.5)], file.ToNotes());
        Assert.Equal(1, file.ReadReport.TruncatedChunks);
        Assert.Equal(1, file.ReadReport.MissingEndOfTrack);
    }

    private static MidiFormatException Fails(byte[] bytes) => Assert.Throws<MidiFormatException>(() => Read(bytes));
}
