using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tests.Ports;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>The reader's bounds (file size, events, notes) and what it does with paths that are not files (issue 14, findings 5, 8, 11).</summary>
public sealed class MidiBoundsTests
{
    // One track of `notes` Note On / Note Off pairs with running status: 4 bytes per event after the first.
    private static byte[] DenseFile(int notes)
    {
        var body = new List<byte> { 0x00, 0x90, 60, 100 };
        body.AddRange([0x01, 60, 0]);
        for (var i = 1; i < notes; i++)
        {
            body.AddRange([0x00, (byte)(60 + (i % 12)), 100, 0x01, (byte)(60 + (i % 12)), 0]);
        }

        body.AddRange(MidiBytes.EndOfTrack);
        return MidiBytes.File(0, 480, [.. body]);
    }

    [Fact]
    public void More_events_than_the_bound_are_refused_naming_the_bound_even_when_lenient()
    {
        var settings = MidiReadSettings.Lenient with { MaxEvents = 100 };

        var ex = Assert.Throws<MidiFormatException>(() => MidiBytes.Read(DenseFile(60), settings));

        Assert.Contains("more than 100 events", ex.Message, StringComparison.Ordinal);
        Assert.Equal(40, MidiBytes.Read(DenseFile(20), settings).ToNotes().Count + 20);
    }

    [Fact]
    public void More_notes_than_the_bound_are_refused()
    {
        var ex = Assert.Throws<MidiFormatException>(() => MidiBytes.Read(DenseFile(11), new MidiReadSettings { MaxNotes = 10 }));
        Assert.Contains("more than 10 notes", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_32_MiB_file_is_refused_with_bounded_memory()
    {
        var bytes = new byte[32 * 1024 * 1024];
        DenseFile(8).CopyTo(bytes, 0);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<MidiFormatException>(() => MidiBytes.Read(bytes));

        Assert.Contains("larger than the 16777216-byte limit", ex.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 20L * 1024 * 1024);
    }

    [Fact]
    public void A_file_of_tiny_events_stops_at_the_event_bound_with_bounded_memory()
    {
        // 6 bytes per note: a 15 MB file would be 2.5 million notes, 5 million events.
        var bytes = DenseFile(2_500_000);
        var before = GC.GetAllocatedBytesForCurrentThread();

        var ex = Assert.Throws<MidiFormatException>(() => MidiBytes.Read(bytes, new MidiReadSettings { MaxNotes = int.MaxValue }));

        Assert.Contains("more than 1000000 events, the limit for one file", ex.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 150L * 1024 * 1024);
    }

    [Fact]
    public void A_folder_is_named_as_a_folder()
    {
        using var folder = new ScratchFolder();
        var ex = Assert.Throws<IOException>(() => MidiFile.Read(folder.Path));
        Assert.Equal($"{folder.Path}: is a folder, not a MIDI file", ex.Message);
    }

    [Fact]
    public void A_device_is_not_read_as_a_file()
    {
        var ex = Assert.Throws<IOException>(() => MidiFile.Read("/dev/zero"));
        Assert.StartsWith("/dev/zero: is a character device, not a MIDI file", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_with_no_writer_is_read_as_empty_instead_of_hanging()
    {
        using var fifo = new TempFifo("phrases.mid");
        Exception? error = null;
        var reader = new Thread(() => error = Record.Exception(() => MidiFile.Read(fifo.Path))) { IsBackground = true };
        reader.Start();

        Assert.True(reader.Join(TimeSpan.FromSeconds(10)), "reading a FIFO with no writer hung");
        Assert.Contains("0 bytes", Assert.IsType<MidiFormatException>(error).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_with_a_writer_is_read_to_its_end()
    {
        using var fifo = new TempFifo("phrases.mid");
        var bytes = MidiFile.FromNotes([new Note(60, 100, 0, 0.5), new Note(64, 90, 0.5, 1)]).ToBytes();
        // A writer blocks in open until a reader comes; a reader that came first would see end of file at once,
        // so the writer opens (blocking) on its own thread and the read starts once it is waiting.
        var writer = new Thread(() =>
        {
            using var stream = new FileStream(fifo.Path, FileMode.Open, FileAccess.Write);
            stream.Write(bytes);
        }) { IsBackground = true };
        writer.Start();
        Thread.Sleep(100);

        var notes = MidiFile.Read(fifo.Path).ToNotes();
        Assert.True(writer.Join(TimeSpan.FromSeconds(10)));

        Assert.Equal([60, 64], notes.Select(n => n.Pitch));
    }
}
