using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

public sealed class TempoMapTests
{
    private static readonly MidiDivision Ppq480 = MidiDivision.PerQuarter(480);

    [Fact]
    public void Without_tempo_events_a_quarter_lasts_half_a_second()
    {
        var map = new TempoMap(Ppq480, []);

        Assert.Equal(0.5, map.ToSeconds(480), 12);
        Assert.Equal(120.0, Assert.Single(map.Changes).Bpm, 12);
    }

    [Fact]
    public void Tempo_changes_map_ticks_to_seconds_segment_by_segment()
    {
        // 120 bpm for 2 quarters (1 s), then 60 bpm for 1 quarter (1 s), then 240 bpm.
        var map = new TempoMap(Ppq480, [new TempoEvent(960, 1_000_000), new TempoEvent(1440, 250_000), new TempoEvent(0, 500_000)]);

        Assert.Equal(0.25, map.ToSeconds(240), 12);
        Assert.Equal(1.0, map.ToSeconds(960), 12);
        Assert.Equal(1.5, map.ToSeconds(1200), 12);
        Assert.Equal(2.0, map.ToSeconds(1440), 12);
        Assert.Equal(2.125, map.ToSeconds(1680), 12);
        Assert.Equal([0.0, 1.0, 2.0], map.Changes.Select(c => c.Seconds));
    }

    [Fact]
    public void Seconds_map_back_to_the_same_ticks()
    {
        var map = new TempoMap(Ppq480, [new TempoEvent(960, 1_000_000), new TempoEvent(1440, 250_000)]);

        foreach (var tick in new long[] { 0, 1, 479, 960, 961, 1439, 1440, 100_000 })
        {
            Assert.Equal(tick, map.ToTicks(map.ToSeconds(tick)));
        }
    }

    [Fact]
    public void Tempo_events_in_a_music_track_count_for_the_whole_format_1_file()
    {
        byte[] conductor = [.. MidiBytes.EndOfTrack];
        byte[] music = [0x00, 0x90, 0x3C, 0x40, 0x83, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x83, 0x60, 0x80, 0x3C, 0x00, .. MidiBytes.EndOfTrack];

        var file = MidiBytes.Read(MidiBytes.File(1, 480, conductor, music));

        // 480 ticks at 120 bpm (0.5 s) + 480 ticks at 60 bpm (1 s).
        Assert.Equal(1.5, Assert.Single(file.ToNotes()).End, 12);
    }
}
