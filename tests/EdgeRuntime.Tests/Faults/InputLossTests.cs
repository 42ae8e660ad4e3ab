using System.Collections.Concurrent;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tests.Ports;
using EdgeMeta.EdgeRuntime.Tests.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// The input vanishes mid-answer and comes back (issue 14, item 6), over real FIFOs on the real clock: the performer's
/// writer goes away (the port sees end of stream, as it sees a read error when a USB keyboard is pulled) and returns.
/// The answer stops with every note released, the input port reopens by itself, and the next call is answered. (That a
/// vanished input releases every note on the fake clock is in EngineSafetyTests.)
/// </summary>
[Trait("Category", "FaultInjection")]
[Trait("Category", "Realtime")]
public sealed class InputLossTests
{
    private static readonly EngineSettings Settings = new()
    {
        Mode = EngineMode.Continue,
        ResponseDelaySeconds = 0.1,
        Capture = new PhraseCaptureOptions { RestSeconds = 0.3 },
    };

    // The performer's side: opens the FIFO without blocking (gives up after 3 s) and plays four notes.
    private static ByteStreamMidiOutput PlayCall(string fifo)
    {
        var writer = new ByteStreamMidiOutput(fifo);
        Assert.True(writer.WaitForConnection(TimeSpan.FromSeconds(3)), $"the engine does not read {fifo}");
        for (var i = 0; i < 4; i++)
        {
            writer.Send(MidiMessage.NoteOn(0, 64 + i, 100));
            Thread.Sleep(80);
            writer.Send(MidiMessage.NoteOff(0, 64 + i));
            Thread.Sleep(20);
        }

        return writer;
    }

    private static bool WaitFor(Func<bool> condition, int ms = 5000)
    {
        var until = Environment.TickCount64 + ms;
        while (!condition() && Environment.TickCount64 < until)
        {
            Thread.Sleep(10);
        }

        return condition();
    }

    [Fact]
    public void An_input_that_vanishes_mid_answer_releases_every_note_and_is_answered_again_when_it_returns()
    {
        using var inFifo = new TempFifo("in");
        var outPath = TempFifo.Another(inFifo, "out");
        var heard = new ConcurrentQueue<MidiMessage>();
        using var listener = new ByteStreamMidiInput(outPath);
        listener.Start(heard.Enqueue);
        using var output = new ByteStreamMidiOutput(outPath);
        Assert.True(output.WaitForConnection(TimeSpan.FromSeconds(3)));
        var log = new ConcurrentQueue<string>();
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Settings, log: log.Enqueue);
        engine.Attach(new ByteStreamMidiInput(inFifo.Path));

        // A call, then the endless continuation sounds; the performer's side goes away mid-answer.
        var writer = PlayCall(inFifo.Path);
        Assert.True(WaitFor(() => heard.Count(m => m.IsNoteOn) >= 3), "no answer to the first call");
        writer.Dispose();
        Assert.True(WaitFor(() => log.Any(l => l.Contains("lost", StringComparison.Ordinal))), "the loss was not reported: " + string.Join("\n", log));
        Assert.True(WaitFor(() => HangingNotes.In(heard).Count == 0 && engine.IsIdle, 1000), "notes left sounding after the input vanished");
        var answeredBefore = heard.Count(m => m.IsNoteOn);

        // A second later the performer is back on the same port.
        Thread.Sleep(1000);
        using (PlayCall(inFifo.Path))
        {
            Assert.True(WaitFor(() => heard.Count(m => m.IsNoteOn) >= answeredBefore + 3), "no answer after the input came back: " + string.Join("\n", log));
        }

        engine.Dispose();
        Assert.True(WaitFor(() => HangingNotes.In(heard).Count == 0, 1000));
        Assert.True(log.Count(l => l.Contains("connected", StringComparison.Ordinal)) >= 2, string.Join("\n", log));
        Assert.Equal(2, engine.Status.PhrasesCaptured);
    }
}
