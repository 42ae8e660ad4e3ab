using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Tests.Ports;

/// <summary>A note-off sent while nobody reads the output is kept and sent on reconnect (issue 14, finding 11).</summary>
public sealed class PendingReleaseTests
{
    // A reader end of the FIFO, opened without waiting for a writer; reads whatever arrived.
    private sealed class FifoReader : IDisposable
    {
        private readonly int _fd;

        public FifoReader(string path)
        {
            _fd = LibC.Open(path, LibC.ORdOnly | LibC.ONonBlock);
            Assert.True(_fd >= 0, $"open {path} for reading failed");
        }

        public unsafe byte[] ReadAvailable(int expected)
        {
            var bytes = new List<byte>();
            var buffer = stackalloc byte[256];
            var until = Environment.TickCount64 + 3000;
            while (bytes.Count < expected && Environment.TickCount64 < until)
            {
                var n = LibC.Read(_fd, buffer, 256);
                for (var i = 0; i < n; i++)
                {
                    bytes.Add(buffer[i]);
                }

                if (n <= 0)
                {
                    Thread.Sleep(5);
                }
            }

            return [.. bytes];
        }

        public void Dispose() => LibC.Close(_fd);
    }

    [Fact]
    public void A_note_off_with_no_reader_is_sent_when_a_reader_comes()
    {
        using var fifo = new TempFifo();
        using var output = new ByteStreamMidiOutput(fifo.Path);

        Assert.False(output.Send(MidiMessage.NoteOff(3, 64)));
        Assert.False(output.Send(MidiMessage.NoteOn(3, 65, 90)));
        Assert.Equal(1, output.PendingReleases);

        using var reader = new FifoReader(fifo.Path);
        Assert.True(output.WaitForConnection(TimeSpan.FromSeconds(3)));

        Assert.Equal([0x83, 64, 0], reader.ReadAvailable(3));
        Assert.Equal(0, output.PendingReleases);
    }

    [Fact]
    public void A_reader_that_leaves_mid_note_gets_the_release_first_when_it_is_back()
    {
        using var fifo = new TempFifo();
        using var output = new ByteStreamMidiOutput(fifo.Path);
        using (var first = new FifoReader(fifo.Path))
        {
            Assert.True(output.WaitForConnection(TimeSpan.FromSeconds(3)));
            Assert.True(output.Send(MidiMessage.NoteOn(0, 60, 100)));
            Assert.Equal([0x90, 60, 100], first.ReadAvailable(3));
        }

        Assert.False(output.Send(MidiMessage.NoteOff(0, 60)));   // EPIPE: the reader is gone
        using var second = new FifoReader(fifo.Path);
        Thread.Sleep(300);                                        // past the reopen interval
        Assert.True(output.Send(MidiMessage.NoteOn(0, 62, 80)));

        Assert.Equal([0x80, 60, 0, 0x90, 62, 80], second.ReadAvailable(6));
    }

    [Fact]
    public void An_owed_all_notes_off_covers_the_channel_and_memory_stays_fixed()
    {
        using var fifo = new TempFifo();
        using var output = new ByteStreamMidiOutput(fifo.Path);
        for (var i = 0; i < 10_000; i++)
        {
            output.Send(MidiMessage.NoteOff(1, i % 128));
        }

        output.Send(MidiMessage.ControlChange(1, MidiMessage.AllNotesOffController, 0));
        output.Send(MidiMessage.NoteOff(2, 10));

        Assert.Equal(2, output.PendingReleases);
        using var reader = new FifoReader(fifo.Path);
        Assert.True(output.WaitForConnection(TimeSpan.FromSeconds(3)));
        Assert.Equal([0xB1, 123, 0, 0x82, 10, 0], reader.ReadAvailable(6));
    }
}
