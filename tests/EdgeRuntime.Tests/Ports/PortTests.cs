using System.Collections.Concurrent;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Ports.Sequencer;

namespace EdgeMeta.EdgeRuntime.Tests.Ports;

public sealed class PortTests
{
    private static bool WaitFor(Func<bool> condition, int ms = 3000)
    {
        var until = Environment.TickCount64 + ms;
        while (!condition() && Environment.TickCount64 < until)
        {
            Thread.Sleep(5);
        }

        return condition();
    }

    [Theory]
    [InlineData("raw:hw:1,0", MidiPortKind.AlsaRaw, "hw:1,0")]
    [InlineData("/dev/snd/midiC1D0", MidiPortKind.AlsaRaw, "/dev/snd/midiC1D0")]
    [InlineData("seq:EdgeMeta", MidiPortKind.AlsaSequencer, "EdgeMeta")]
    [InlineData("fifo:/tmp/in", MidiPortKind.ByteStream, "/tmp/in")]
    [InlineData("/tmp/pty0", MidiPortKind.ByteStream, "/tmp/pty0")]
    [InlineData("file:phrases.mid", MidiPortKind.MidiFile, "phrases.mid")]
    public void Port_specs_parse_to_kind_and_target(string spec, MidiPortKind kind, string target)
    {
        Assert.Equal(new MidiPortSpec(kind, target), MidiPortSpec.Parse(spec));
    }

    [Fact]
    public void Empty_port_spec_target_is_refused_with_the_spec_named()
    {
        var ex = Assert.Throws<ArgumentException>(() => MidiPortSpec.Parse("seq:"));
        Assert.Contains("seq:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Discovery_reads_card_and_port_names_from_proc_asound()
    {
        var root = Path.Combine(Path.GetTempPath(), "edgemeta-asound-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            Directory.CreateDirectory(Path.Combine(root, "card0"));
            Directory.CreateDirectory(Path.Combine(root, "card1"));
            File.WriteAllText(Path.Combine(root, "cards"),
                " 0 [PCH            ]: HDA-Intel - HDA Intel PCH\n                      HDA Intel PCH at 0xf7f10000 irq 32\n" +
                " 1 [mio            ]: USB-Audio - iConnectivity mio\n                      iConnectivity mio at usb-0000:00:14.0-2, full speed\n");
            File.WriteAllText(Path.Combine(root, "card1", "midi0"), "mio\n\nMIDI 0\nOutput 0\n  Tx bytes     : 0\n");
            var devices = AlsaRawMidiDiscovery.List(root, "/dev/snd-none", "/sys-none");
            var device = Assert.Single(devices);
            Assert.Equal(new AlsaMidiDevice(1, 0, "mio", "iConnectivity mio", "mio", "/dev/snd-none/midiC1D0"), device);
            Assert.Same(device, AlsaRawMidiDiscovery.Find("hw:1,0", devices));
            Assert.Same(device, AlsaRawMidiDiscovery.Find("MIO", devices));
            Assert.Same(device, AlsaRawMidiDiscovery.Find("iConnectivity mio,0", devices));
            Assert.Null(AlsaRawMidiDiscovery.Find("hw:2,0", devices));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Opening_a_raw_device_that_is_not_there_names_it_and_lists_what_was_found()
    {
        var ex = Assert.Throws<IOException>(() => MidiPorts.OpenInput("raw:hw:7,0"));
        Assert.Contains("hw:7,0", ex.Message, StringComparison.Ordinal);
        Assert.Contains("No ALSA MIDI devices found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Sequencer_without_dev_snd_seq_says_so_and_points_to_raw_midi()
    {
        if (File.Exists(AlsaSequencerPort.SequencerDevice))
        {
            return;   // a machine with a sequencer: nothing to check here
        }

        var ex = Assert.Throws<InvalidOperationException>(() => MidiPorts.OpenOutput("seq:EdgeMeta"));
        Assert.Contains("/dev/snd/seq", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Raw MIDI", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Messages_written_to_a_fifo_come_back_parsed_with_timestamps()
    {
        using var fifo = new TempFifo();
        var received = new ConcurrentQueue<MidiMessage>();
        using var input = new ByteStreamMidiInput(fifo.Path);
        input.Start(received.Enqueue);
        using var output = new ByteStreamMidiOutput(fifo.Path);
        Assert.True(output.WaitForConnection(TimeSpan.FromSeconds(3)));
        Assert.True(output.Send(MidiMessage.NoteOn(2, 60, 100)));
        Assert.True(output.Send(MidiMessage.RealTime(MidiMessage.ClockStatus)));
        Assert.True(output.Send(MidiMessage.NoteOff(2, 60)));
        Assert.True(WaitFor(() => received.Count == 3));
        Assert.Equal(
            [MidiMessage.NoteOn(2, 60, 100), MidiMessage.RealTime(0xF8), MidiMessage.NoteOff(2, 60)],
            received.Select(m => m with { Timestamp = 0 }));
        Assert.All(received, m => Assert.True(m.Timestamp > 0));
    }

    [Fact]
    public void A_writer_that_goes_away_is_reported_and_a_new_one_is_picked_up()
    {
        using var fifo = new TempFifo();
        var received = new ConcurrentQueue<MidiMessage>();
        var lost = 0;
        using var input = new ByteStreamMidiInput(fifo.Path);
        input.StatusChanged += (_, e) =>
        {
            if (!e.Connected)
            {
                Interlocked.Increment(ref lost);
            }
        };
        input.Start(received.Enqueue);
        using (var first = new ByteStreamMidiOutput(fifo.Path))
        {
            Assert.True(first.WaitForConnection(TimeSpan.FromSeconds(3)));
            first.Send(MidiMessage.NoteOn(0, 60, 100));
            Assert.True(WaitFor(() => received.Count == 1));
        }

        Assert.True(WaitFor(() => Volatile.Read(ref lost) >= 1));
        using var second = new ByteStreamMidiOutput(fifo.Path);
        Assert.True(second.WaitForConnection(TimeSpan.FromSeconds(3)));
        second.Send(MidiMessage.NoteOn(0, 62, 100));
        Assert.True(WaitFor(() => received.Count == 2));
    }

    [Fact]
    public void Output_without_a_reader_drops_instead_of_blocking()
    {
        using var fifo = new TempFifo();
        using var output = new ByteStreamMidiOutput(fifo.Path);
        Assert.False(output.IsConnected);
        Assert.False(output.Send(MidiMessage.NoteOn(0, 60, 100)));
        Assert.Equal(1, output.DroppedMessages);
    }

    [Fact]
    public void Midi_file_input_plays_notes_in_real_time()
    {
        var notes = new List<Note> { new(60, 100, 0.0, 0.1), new(64, 90, 0.2, 0.3) };
        var received = new ConcurrentQueue<MidiMessage>();
        using var input = new MidiFileInput("test", notes, leadInSeconds: 0.05);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        input.Start(received.Enqueue);
        Assert.True(WaitFor(() => input.IsFinished));
        var messages = received.ToArray();
        Assert.Equal(4, messages.Length);
        Assert.True(messages[0].IsNoteOn && messages[3].IsNoteOff);
        var lastAt = (messages[3].Timestamp - started) / (double)System.Diagnostics.Stopwatch.Frequency;
        Assert.InRange(lastAt, 0.34, 0.6);
    }
}
