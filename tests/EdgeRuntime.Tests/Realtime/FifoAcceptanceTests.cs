using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tests.Ports;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>
/// The engine end to end over FIFOs on the real clock: the test is the performer, writing raw MIDI bytes in
/// real time, and the listener, parsing what comes out of the output FIFO.
/// </summary>
[Trait("Category", "Realtime")]
public sealed class FifoAcceptanceTests
{
    private static readonly EngineSettings Settings = new() { ResponseDelaySeconds = 0.1, Capture = new PhraseCaptureOptions { RestSeconds = 0.4 } };

    private static double Seconds(long ticks) => ticks / (double)Stopwatch.Frequency;

    /// <summary>Writes raw bytes to a FIFO the engine reads.</summary>
    private sealed class Performer : IDisposable
    {
        private readonly FileStream _stream;

        public Performer(string path) => _stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);

        public void Send(params byte[] bytes)
        {
            _stream.Write(bytes);
            _stream.Flush();
        }

        // Four notes, 120 ms each with 40 ms gaps (a 600 ms call), written with running status.
        // Returns when the first note started and the last ended: on a loaded machine the sleeps run
        // long, and the engine answers for as long as the call really lasted.
        public (long FirstOnset, long LastRelease) PlayCall(int basePitch = 67)
        {
            var firstOnset = Stopwatch.GetTimestamp();
            for (var i = 0; i < 4; i++)
            {
                Send(i == 0 ? [0x90, (byte)(basePitch + i), 100] : [(byte)(basePitch + i), 100]);
                Thread.Sleep(120);
                Send((byte)(basePitch + i), 0);
                if (i < 3)
                {
                    Thread.Sleep(40);
                }
            }

            return (firstOnset, Stopwatch.GetTimestamp());
        }

        public void Dispose() => _stream.Dispose();
    }

    private static void AssertEveryNoteReleased(IEnumerable<MidiMessage> messages)
    {
        var open = new HashSet<(int, int)>();
        foreach (var m in messages)
        {
            if (m.IsNoteOn)
            {
                open.Add((m.Channel, m.Data1));
            }
            else if (m.IsNoteOff)
            {
                open.Remove((m.Channel, m.Data1));
            }
        }

        Assert.Empty(open);
    }

    private static (RealtimeEngine Engine, Performer Performer, ConcurrentQueue<MidiMessage> Heard, IDisposable Listener) Start(TempFifo inFifo, string outPath, EngineSettings settings)
    {
        var heard = new ConcurrentQueue<MidiMessage>();
        var listener = new ByteStreamMidiInput(outPath);
        listener.Start(heard.Enqueue);
        var output = new ByteStreamMidiOutput(outPath);
        Assert.True(output.WaitForConnection(TimeSpan.FromSeconds(3)));
        var engine = new RealtimeEngine(new ScaleResponder(), output, settings);
        engine.Attach(new ByteStreamMidiInput(inFifo.Path));
        return (engine, new Performer(inFifo.Path), heard, listener);
    }

    [Fact]
    public void Engine_answers_a_call_over_fifos_after_the_pause_for_about_as_long_and_releases_every_note()
    {
        using var inFifo = new TempFifo("in");
        var outPath = TempFifo.Another(inFifo, "out");
        var (engine, performer, heard, listener) = Start(inFifo, outPath, Settings);
        using (listener)
        using (engine)
        using (performer)
        {
            var (firstOnset, lastRelease) = performer.PlayCall();
            var callSeconds = Seconds(lastRelease - firstOnset);
            Thread.Sleep(400 + 100 + (int)(callSeconds * 1000) + 400);
            var notes = heard.Where(m => m.IsNoteOn || m.IsNoteOff).ToList();
            Assert.NotEmpty(notes);
            var startsAfter = Seconds(notes[0].Timestamp - lastRelease);
            Assert.InRange(startsAfter, 0.45, 0.6);   // rest 0.4 s + delay 0.1 s
            var length = Seconds(notes[^1].Timestamp - notes[0].Timestamp);
            Assert.InRange(length, 0.75 * callSeconds, 1.25 * callSeconds); // about as long as the call (0.6 s when the machine is idle)
            AssertEveryNoteReleased(heard);
        }
    }

    [Fact]
    public void Garbage_running_status_with_clock_and_a_megabyte_sysex_are_survived_and_counted()
    {
        using var inFifo = new TempFifo("in");
        var outPath = TempFifo.Another(inFifo, "out");
        var (engine, performer, heard, listener) = Start(inFifo, outPath, Settings);
        using (listener)
        using (engine)
        using (performer)
        {
            performer.Send(0x12, 0x34, 0x56, 0xF4, 0x01);                     // stray data, undefined status
            performer.Send(0x90, 0xF8, 50, 0xF8, 60, 51, 0xF8, 0, 50, 0);      // running status with clock inside
            var sysex = new byte[1 + (1 << 20) + 1];
            sysex[0] = 0xF0;
            sysex.AsSpan(1, 1 << 20).Fill(0x42);
            sysex[^1] = 0xF7;
            performer.Send(sysex);
            Thread.Sleep(100);
            var (firstOnset, lastRelease) = performer.PlayCall();
            // The answer lasts as long as the call really took (sleeps run long on a loaded machine).
            Thread.Sleep(400 + 100 + (int)(Seconds(lastRelease - firstOnset) * 1000) + 400);
            Assert.Contains(heard, m => m.IsNoteOn && Seconds(m.Timestamp - lastRelease) > 0.4);
            AssertEveryNoteReleased(heard);
            Assert.True(engine.Status.DroppedInput >= 4 + (1 << 20) - MidiStreamParser.DefaultSysExCapacity, $"dropped {engine.Status.DroppedInput}");
        }
    }

    [Fact]
    public void Sigterm_mid_answer_releases_every_sounding_note()
    {
        var model = TestModel.Find();
        using var inFifo = new TempFifo("in");
        var outPath = TempFifo.Another(inFifo, "out");
        var heard = new ConcurrentQueue<MidiMessage>();
        using var listener = new ByteStreamMidiInput(outPath);
        listener.Start(heard.Enqueue);
        var cli = Path.Combine(AppContext.BaseDirectory, "edgemeta.dll");
        using var process = Process.Start(new ProcessStartInfo("dotnet", ["exec", cli, "play", "--model", model, "--in", $"fifo:{inFifo.Path}", "--out", $"fifo:{outPath}", "--mode", "continue", "--rest", "0.4", "--seed", "3"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        var stderr = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => stderr.Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        using var writer = new ByteStreamMidiOutput(inFifo.Path);
        Assert.True(writer.WaitForConnection(TimeSpan.FromSeconds(20)), "edgemeta play did not open its input: " + string.Join("\n", stderr));
        for (var i = 0; i < 4; i++)
        {
            writer.Send(MidiMessage.NoteOn(0, 60 + 2 * i, 100));
            Thread.Sleep(150);
            writer.Send(MidiMessage.NoteOff(0, 60 + 2 * i));
        }

        var until = Environment.TickCount64 + 10_000;
        while (!heard.Any(m => m.IsNoteOn) && Environment.TickCount64 < until)
        {
            Thread.Sleep(10);
        }

        Assert.True(heard.Any(m => m.IsNoteOn), "no answer before SIGTERM: " + string.Join("\n", stderr));
        Thread.Sleep(300);
        Assert.Equal(0, Kill(process.Id, 15));
        Assert.True(process.WaitForExit(10_000));
        Thread.Sleep(200);
        Assert.Equal(0, process.ExitCode);
        AssertEveryNoteReleased(heard);
        Assert.Contains(heard, m => m.IsControlChange && m.Data1 == 123);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
