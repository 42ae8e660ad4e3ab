using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Tests.Midi.Live;

public sealed class MidiStreamParserTests
{
    private static List<MidiMessage> ParseAll(MidiStreamParser parser, params byte[] bytes)
    {
        var output = new List<MidiMessage>();
        parser.Parse(bytes, 7, output);
        return output;
    }

    [Fact]
    public void Running_status_repeats_the_last_channel_status()
    {
        var messages = ParseAll(new MidiStreamParser(), 0x91, 60, 100, 62, 90, 64, 80);
        Assert.Equal(
            [MidiMessage.NoteOn(1, 60, 100, 7), MidiMessage.NoteOn(1, 62, 90, 7), MidiMessage.NoteOn(1, 64, 80, 7)],
            messages);
    }

    [Fact]
    public void Note_on_with_velocity_zero_becomes_note_off()
    {
        var messages = ParseAll(new MidiStreamParser(), 0x90, 60, 100, 60, 0);
        Assert.Equal(MidiMessage.NoteOff(0, 60, 0, 7), messages[1]);
        Assert.True(messages[1].IsNoteOff);
    }

    [Fact]
    public void Clock_between_data_bytes_is_emitted_without_breaking_the_note()
    {
        var messages = ParseAll(new MidiStreamParser(), 0x90, 0xF8, 60, 0xF8, 100);
        Assert.Equal([MidiMessage.RealTime(0xF8, 7), MidiMessage.RealTime(0xF8, 7), MidiMessage.NoteOn(0, 60, 100, 7)], messages);
    }

    [Fact]
    public void Stray_data_bytes_are_dropped_and_counted()
    {
        var parser = new MidiStreamParser();
        var messages = ParseAll(parser, 1, 2, 3, 0x80, 60, 0);
        Assert.Single(messages);
        Assert.Equal(3, parser.Counters.StrayDataBytes);
        Assert.Equal(3, parser.Counters.DroppedBytes);
    }

    [Fact]
    public void Message_cut_short_by_a_new_status_is_dropped_and_counted()
    {
        var parser = new MidiStreamParser();
        var messages = ParseAll(parser, 0x90, 60, 0xB0, 64, 127);
        Assert.Equal([MidiMessage.ControlChange(0, 64, 127, 7)], messages);
        Assert.Equal(1, parser.Counters.IncompleteMessages);
        Assert.Equal(2, parser.Counters.DroppedBytes);
    }

    [Fact]
    public void System_common_cancels_running_status()
    {
        var parser = new MidiStreamParser();
        var messages = ParseAll(parser, 0x90, 60, 100, 0xF6, 62, 90);
        Assert.Equal(2, messages.Count);
        Assert.Equal(0xF6, messages[1].Status);
        Assert.Equal(2, parser.Counters.StrayDataBytes);
    }

    [Fact]
    public void SysEx_payload_is_available_after_it_completes()
    {
        var parser = new MidiStreamParser();
        var messages = ParseAll(parser, 0xF0, 0x7E, 0xF8, 0x01, 0x02, 0xF7);
        Assert.Equal(2, messages.Count);
        Assert.True(messages[1].IsSysEx);
        Assert.Equal(3, messages[1].Length);
        Assert.Equal(new byte[] { 0x7E, 0x01, 0x02 }, parser.LastSysEx.ToArray());
    }

    [Fact]
    public void Endless_sysex_is_capped_and_the_excess_counted()
    {
        var parser = new MidiStreamParser(sysExCapacity: 16);
        var bytes = new byte[1 + 1_000_000 + 1 + 3];
        bytes[0] = 0xF0;
        bytes.AsSpan(1, 1_000_000).Fill(0x55);
        bytes[1_000_001] = 0xF7;
        bytes[1_000_002] = 0x90;
        bytes[1_000_003] = 60;
        bytes[1_000_004] = 100;
        var messages = ParseAll(parser, bytes);
        Assert.Equal(2, messages.Count);
        Assert.True(messages[0].IsTruncated);
        Assert.Equal(1_000_000, messages[0].Length);
        Assert.Equal(1_000_000 - 16, parser.Counters.SysExBytesDropped);
        Assert.Equal(MidiMessage.NoteOn(0, 60, 100, 7), messages[1]);
    }

    [Fact]
    public void Sysex_broken_off_by_a_status_byte_is_dropped()
    {
        var parser = new MidiStreamParser();
        var messages = ParseAll(parser, 0xF0, 1, 2, 0x90, 60, 100);
        Assert.Equal([MidiMessage.NoteOn(0, 60, 100, 7)], messages);
        Assert.Equal(3, parser.Counters.DroppedBytes);
    }

    [Fact]
    public void Push_does_not_allocate_per_message()
    {
        var parser = new MidiStreamParser();
        ReadOnlySpan<byte> stream = [0x90, 60, 100, 0xF8, 60, 0, 0xB3, 64, 127];
        long sum = 0;
        for (var i = 0; i < 1000; i++)
        {
            foreach (var b in stream)
            {
                if (parser.Push(b, i, out var m))
                {
                    sum += m.Data1;
                }
            }
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            foreach (var b in stream)
            {
                if (parser.Push(b, i, out var m))
                {
                    sum += m.Data1;
                }
            }
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(sum > 0);
    }
}
