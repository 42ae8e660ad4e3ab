using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Events;
using static EdgeMeta.EdgeRuntime.Tests.Midi.MidiBytes;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

public sealed class MidiReaderTests
{
    [Fact]
    public void Running_status_repeats_the_last_channel_status_and_velocity_zero_ends_the_note()
    {
        byte[] body =
        [
            0x00, 0x90, 0x3C, 0x64, // Note On C4
            0x60, 0x3C, 0x00, // running status: Note On C4 velocity 0 = Note Off, 96 ticks later
            0x00, 0x3E, 0x50, // running status: Note On D4
            0x60, 0x3E, 0x00,
            .. EndOfTrack,
        ];

        var file = Read(File(0, 96, body));

        Assert.Equal(4, file.Tracks[0].Events.Count);
        Assert.All(file.Tracks[0].Events, e => Assert.Equal(ChannelMessageType.NoteOn, ((ChannelEvent)e).Type));
        Assert.Equal([new Note(60, 100, 0.0, 0.5), new Note(62, 80, 0.5, 1.0)], file.ToNotes());
    }

    [Fact]
    public void Running_status_survives_meta_events_between_notes()
    {
        byte[] body = [0x00, 0x91, 0x3C, 0x64, 0x00, 0xFF, 0x01, 0x01, 0x41, 0x60, 0x3C, 0x00, .. EndOfTrack];

        var notes = Read(File(0, 96, body)).ToNotes();

        Assert.Equal([new Note(60, 100, 0.0, 0.5, Channel: 1)], notes);
    }

    [Fact]
    public void All_channel_messages_are_read_with_their_data_lengths()
    {
        byte[] body =
        [
            0x00, 0x83, 0x3C, 0x10, 0x00, 0x93, 0x3C, 0x64, 0x00, 0xA3, 0x3C, 0x20, 0x00, 0xB3, 0x07, 0x7F,
            0x00, 0xC3, 0x05, 0x00, 0xD3, 0x30, 0x00, 0xE3, 0x00, 0x40, .. EndOfTrack,
        ];

        var events = Read(File(0, 96, body)).Tracks[0].Events.Cast<ChannelEvent>().ToList();

        Assert.Equal(
            [
                new ChannelEvent(0, ChannelMessageType.NoteOff, 3, 0x3C, 0x10),
                new ChannelEvent(0, ChannelMessageType.NoteOn, 3, 0x3C, 0x64),
                new ChannelEvent(0, ChannelMessageType.PolyphonicKeyPressure, 3, 0x3C, 0x20),
                new ChannelEvent(0, ChannelMessageType.ControlChange, 3, 0x07, 0x7F),
                new ChannelEvent(0, ChannelMessageType.ProgramChange, 3, 0x05, 0),
                new ChannelEvent(0, ChannelMessageType.ChannelPressure, 3, 0x30, 0),
                new ChannelEvent(0, ChannelMessageType.PitchBend, 3, 0x00, 0x40),
            ],
            events);
    }

    [Fact]
    public void SysEx_in_both_forms_keeps_its_bytes_and_survives_a_write()
    {
        byte[] body =
        [
            0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7, // F0 form: GM System On
            0x10, 0xF0, 0x03, 0x43, 0x12, 0x00, // F0 form: first packet of a divided SysEx (no F7)
            0x10, 0xF7, 0x02, 0x43, 0xF7, // F7 form: continuation packet
            0x00, 0xF7, 0x01, 0xF8, // F7 form: escape carrying a real-time Clock byte
            .. EndOfTrack,
        ];

        var bytes = File(0, 96, body);
        var events = Read(bytes).Tracks[0].Events.Cast<SysExEvent>().ToList();

        Assert.Equal([false, false, true, true], events.Select(e => e.IsEscape));
        Assert.Equal([0x7E, 0x7F, 0x09, 0x01, 0xF7], events[0].Data);
        Assert.Equal([0x43, 0xF7], events[2].Data);
        Assert.Equal([0xF8], events[3].Data);
        Assert.Equal([0L, 16, 32, 32], events.Select(e => e.Tick));
        Assert.Equal(bytes, Read(bytes).ToBytes());
    }

    [Fact]
    public void Meta_events_are_typed_and_unknown_ones_kept_raw()
    {
        byte[] body =
        [
            0x00, 0xFF, 0x03, 0x04, (byte)'L', (byte)'e', (byte)'a', (byte)'d',
            0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, // 1,000,000 us per quarter = 60 bpm
            0x00, 0xFF, 0x58, 0x04, 0x06, 0x03, 0x24, 0x08, // 6/8
            0x00, 0xFF, 0x59, 0x02, 0xFD, 0x01, // 3 flats, minor
            0x00, 0xFF, 0x06, 0x02, (byte)'A', (byte)'1', // marker
            0x83, 0x60, 0xFF, 0x2F, 0x00,
        ];

        var bytes = File(0, 480, body);
        var file = Read(bytes);

        var track = file.Tracks[0];
        Assert.Equal("Lead", track.Name);
        Assert.Equal(480, track.EndTick);
        Assert.Equal(
            [
                new TempoEvent(0, 1_000_000),
                new TimeSignatureEvent(0, 6, 8, 0x24, 8),
                new KeySignatureEvent(0, -3, true),
            ],
            track.Events.Skip(1).Take(3));
        var marker = Assert.IsType<MetaEvent>(track.Events[4]);
        Assert.Equal(0x06, marker.MetaType);
        Assert.Equal("A1"u8.ToArray(), marker.Data);
        Assert.Equal(1.0, file.DurationSeconds, 12);
        Assert.Equal(bytes, file.ToBytes());
    }

    [Fact]
    public void Smpte_division_times_ticks_in_absolute_seconds_and_ignores_tempo()
    {
        // 25 fps x 40 ticks per frame = 1000 ticks per second; header field E7 28.
        byte[] body = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x00, 0x90, 0x40, 0x40, 0x87, 0x68, 0x80, 0x40, 0x00, .. EndOfTrack];

        var file = Read(File(0, 0xE728, body));

        Assert.True(file.Division.IsSmpte);
        Assert.Equal((25, 40), (file.Division.FramesPerSecond, file.Division.TicksPerFrame));
        Assert.Equal([new Note(64, 64, 0.0, 1.0)], file.ToNotes());
        Assert.Equal(0xE728, file.ToBytes()[12] << 8 | file.ToBytes()[13]);
    }

    [Fact]
    public void Drop_frame_smpte_runs_at_thirty_thousand_over_1001_frames_per_second()
    {
        var division = MidiDivision.Smpte(29, 100);
        var map = new TempoMap(division, []);

        Assert.Equal(1.001, map.ToSeconds(3000), 12);
        Assert.Equal(3000, map.ToTicks(1.001));
    }

    [Fact]
    public void Format_1_tracks_share_the_conductor_tempo_and_keep_their_index()
    {
        byte[] conductor = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, .. EndOfTrack]; // 60 bpm
        byte[] melody = [0x00, 0x90, 0x48, 0x50, 0x60, 0x80, 0x48, 0x00, .. EndOfTrack];
        byte[] bass = [0x60, 0x92, 0x30, 0x50, 0x60, 0x92, 0x30, 0x00, .. EndOfTrack];

        var file = Read(File(1, 96, conductor, melody, bass));

        Assert.Equal(1, file.Format);
        Assert.Equal([new Note(72, 80, 0, 1, 0, 1), new Note(48, 80, 1, 2, 2, 2)], file.ToNotes());
    }

    [Fact]
    public void Format_2_tracks_are_independent_sequences_with_their_own_tempo()
    {
        byte[] first = [0x00, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x00, .. EndOfTrack];
        byte[] second = [0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x00, .. EndOfTrack]; // default 120 bpm

        var file = Read(File(2, 96, first, second));

        Assert.Equal(2, file.Format);
        Assert.Equal([new Note(60, 64, 0, 1, 0, 0), new Note(60, 64, 0, 0.5, 0, 1)], file.ToNotes());
    }

    [Fact]
    public void Format_0_reads_one_track_with_all_channels()
    {
        byte[] body = [0x00, 0x90, 0x3C, 0x40, 0x00, 0x99, 0x24, 0x7F, 0x60, 0x89, 0x24, 0x00, 0x00, 0x80, 0x3C, 0x00, .. EndOfTrack];

        var stats = MidiFileStatistics.Of(Read(File(0, 96, body)));

        Assert.Equal((0, 1, 2), (stats.Format, stats.TrackCount, stats.NoteCount));
        Assert.Equal([0, 9], stats.ChannelsUsed);
    }

    [Fact]
    public void A_new_note_on_for_a_sounding_key_ends_the_sounding_note()
    {
        byte[] body = [0x00, 0x90, 0x3C, 0x40, 0x60, 0x90, 0x3C, 0x50, 0x60, 0x80, 0x3C, 0x00, 0x60, 0x80, 0x3C, 0x00, .. EndOfTrack];

        var notes = Read(File(0, 96, body)).ToNotes();

        // The second Note On re-strikes the key; the second Note Off finds nothing sounding and is ignored.
        Assert.Equal([new Note(60, 64, 0.0, 0.5), new Note(60, 80, 0.5, 1.0)], notes);
    }

    [Fact]
    public void Notes_never_released_end_at_the_end_of_their_track()
    {
        byte[] body = [0x00, 0x90, 0x3C, 0x40, 0x60, 0x90, 0x40, 0x40, 0x81, 0x40, 0xFF, 0x2F, 0x00];

        var notes = Read(File(0, 96, body)).ToNotes();

        // End of Track at tick 96 + 192 = 288 = 1.5 s.
        Assert.Equal([new Note(60, 64, 0.0, 1.5), new Note(64, 64, 0.5, 1.5)], notes);
    }

    [Fact]
    public void Unknown_chunks_are_skipped_and_counted()
    {
        byte[] track = [0x00, 0x90, 0x3C, 0x40, 0x60, 0x80, 0x3C, 0x00, .. EndOfTrack];
        byte[] bytes = [.. Header(0, 1, 96), .. Chunk("XFIH", [1, 2, 3, 4, 5]), .. Chunk("MTrk", track)];

        var file = Read(bytes);

        Assert.Single(file.ToNotes());
        Assert.Equal(1, file.ReadReport.UnknownChunksSkipped);
        Assert.True(file.ReadReport.IsClean);
    }

    [Fact]
    public void Reading_from_a_path_names_the_file_in_errors()
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgemeta-bad-{Guid.NewGuid():N}.mid");
        System.IO.File.WriteAllBytes(path, "RIFF0000"u8.ToArray());
        try
        {
            var ex = Assert.Throws<MidiFormatException>(() => MidiFile.Read(path));

            Assert.Equal(path, ex.FilePath);
            Assert.StartsWith($"{path}: offset 0: missing MThd", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
