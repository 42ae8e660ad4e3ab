using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

public sealed class SchedulingPartsTests
{
    [Fact]
    public void Lookahead_buffer_refuses_writes_when_full_and_reads_in_order()
    {
        var buffer = new LookaheadBuffer(4);
        for (var i = 0; i < 4; i++)
        {
            Assert.True(buffer.TryWrite(new ScheduledEvent(i, MidiMessage.NoteOn(0, 60 + i, 1), 0)));
        }

        Assert.False(buffer.TryWrite(new ScheduledEvent(9, default, 0)));
        Assert.True(buffer.TryPeek(out var first));
        Assert.Equal(0, first.Due);
        buffer.Advance();
        Assert.True(buffer.TryWrite(new ScheduledEvent(4, default, 0)));
        Assert.Equal(4, buffer.Count);
    }

    [Fact]
    public void Release_all_sends_note_off_for_each_sounding_note_and_cc_123_per_used_channel()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var sounding = new SoundingNotes();
        sounding.Track(MidiMessage.NoteOn(0, 60, 100));
        sounding.Track(MidiMessage.NoteOn(0, 100, 100));
        sounding.Track(MidiMessage.NoteOn(3, 61, 100));
        sounding.Track(MidiMessage.NoteOff(3, 61));
        Assert.Equal(2, sounding.ReleaseAll(output));
        Assert.Equal(
            [MidiMessage.NoteOff(0, 60), MidiMessage.NoteOff(0, 100), MidiMessage.ControlChange(0, 123, 0), MidiMessage.ControlChange(3, 123, 0)],
            output.Messages.Select(m => m with { Timestamp = 0 }));
        Assert.Equal(0, sounding.Count);
    }

    [Fact]
    public void Clock_follower_reads_tempo_from_24_pulses_per_quarter_and_forgets_a_stopped_clock()
    {
        var follower = new ClockFollower(1_000_000);
        var period = 1_000_000 * 60 / (100 * 24);   // 100 BPM
        for (var i = 0; i < 30; i++)
        {
            follower.Pulse(i * period);
        }

        Assert.Equal(100, follower.Bpm!.Value, 0);
        follower.Check(30 * period + 600_000);
        Assert.Null(follower.Bpm);
    }

    [Fact]
    public void Cc_values_map_to_the_documented_parameter_ranges()
    {
        var controls = new LiveControls();
        controls.Apply(EngineParameter.Transpose, 127);
        controls.Apply(EngineParameter.OutputChannel, 127);
        controls.Apply(EngineParameter.ResponseLength, 64);
        controls.Apply(EngineParameter.Temperature, 0);
        Assert.Equal(24, controls.Transpose);
        Assert.Equal(15, controls.OutputChannel);
        Assert.Equal(1.0, controls.ResponseLength, 6);
        Assert.Equal(0.1f, controls.Temperature, 3);
        Assert.False(controls.Apply(EngineParameter.Panic, 127));
    }
}
