using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta bench-latency [--phrases 1000] [--delay 0.03] [--model M]</c>: the MIDI-in → answer-out latency over a
/// FIFO loopback. A performer thread writes short calls ended by a marker CC into the input FIFO; a listener
/// parses the output FIFO. Latency = first answered note read by the listener − marker written − the configured
/// musical delay. Jitter = each scheduled event's send time − its intended time. Without --model the engine
/// answers with <see cref="PatternResponder"/> (the I/O path alone); with --model, the real model (adaptation
/// must then fit in --delay, and its own leading rests count as latency in the loopback line; the engine-side
/// line measures each answer's first note against its intended time).
/// </summary>
internal sealed class BenchLatencyCommand : ICliCommand
{
    private const int MarkerCc = 20;

    public Command Create()
    {
        var phrases = new Option<int>("--phrases") { Description = "Calls to answer (>= 1000 for the README numbers).", DefaultValueFactory = _ => 1000 };
        var delay = new Option<double>("--delay") { Description = "Configured musical delay before each answer, seconds.", DefaultValueFactory = _ => 0.03 };
        var model = new Option<string?>("--model") { Description = "Model folder; without it a fixed pattern answers (engine and I/O only)." };
        var csv = new Option<string?>("--csv") { Description = "Write per-phrase latencies (ms) to this CSV file." };
        var command = new Command("bench-latency", "Measure MIDI-in → answer-out latency and scheduling jitter over a FIFO loopback.");
        command.Options.Add(phrases);
        command.Options.Add(delay);
        command.Options.Add(model);
        command.Options.Add(csv);
        command.SetAction(parseResult => Run(parseResult.GetValue(phrases), parseResult.GetValue(delay), parseResult.GetValue(model), parseResult.GetValue(csv)));
        return command;
    }

    private static int Run(int phrases, double delay, string? modelDir, string? csvPath)
    {
        if (phrases < 1 || delay < 0)
        {
            throw new ArgumentException($"--phrases must be >= 1 and --delay >= 0 (got {phrases}, {delay}).");
        }

        var dir = Path.Combine(Path.GetTempPath(), $"edgemeta-latency-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var inPath = Path.Combine(dir, "in");
        var outPath = Path.Combine(dir, "out");
        File.Delete(inPath);
        File.Delete(outPath);
        Fifo.Create(inPath);
        Fifo.Create(outPath);
        ModelResponder? model = null;
        try
        {
            if (modelDir is not null)
            {
                var loaded = ModelFolder.Load(modelDir);
                model = new ModelResponder(loaded, loaded.InitialAdapter, new SamplerSettings { Seed = 1 }, settings: new DuetSettings { FollowRegister = false });
            }

            IResponder responder = model is null ? new PatternResponder(stepMilliseconds: 40) : model;
            return Measure(phrases, delay, inPath, outPath, responder, csvPath, model is null ? "pattern responder" : $"model {modelDir}");
        }
        finally
        {
            model?.Dispose();
            Directory.Delete(dir, recursive: true);
        }
    }

    private static int Measure(int phrases, double delay, string inPath, string outPath, IResponder responder, string? csvPath, string what)
    {
        long firstNoteAt = 0;
        using var listener = new ByteStreamMidiInput(outPath);
        listener.Start(m =>
        {
            if (m.IsNoteOn)
            {
                Interlocked.CompareExchange(ref firstNoteAt, m.Timestamp, 0);
            }
        });
        using var output = new ByteStreamMidiOutput(outPath);
        if (!output.WaitForConnection(TimeSpan.FromSeconds(5)))
        {
            throw new IOException($"Could not open the loopback FIFO {outPath} for writing.");
        }

        var settings = new EngineSettings
        {
            ResponseDelaySeconds = delay,
            Capture = new PhraseCaptureOptions { MarkerController = MarkerCc, RestSeconds = 10 },
        };
        using var engine = new RealtimeEngine(responder, output, settings);
        engine.Attach(new ByteStreamMidiInput(inPath));
        using var performer = new ByteStreamMidiOutput(inPath);
        if (!performer.WaitForConnection(TimeSpan.FromSeconds(5)))
        {
            throw new IOException($"Could not open the loopback FIFO {inPath} for writing.");
        }

        var latencies = new List<double>(phrases);
        var missed = 0;
        Console.Error.WriteLine($"bench-latency: {phrases} calls, delay {delay * 1000:0} ms, {what}");
        for (var i = 0; i < phrases; i++)
        {
            var pitch = 60 + (i % 12);
            performer.Send(MidiMessage.NoteOn(0, pitch, 90));
            Thread.Sleep(20);
            performer.Send(MidiMessage.NoteOff(0, pitch));
            performer.Send(MidiMessage.NoteOn(0, pitch + 4, 90));
            Thread.Sleep(20);
            performer.Send(MidiMessage.NoteOff(0, pitch + 4));
            Interlocked.Exchange(ref firstNoteAt, 0);
            var sent = Stopwatch.GetTimestamp();
            performer.Send(MidiMessage.ControlChange(0, MarkerCc, 127));
            var deadline = sent + Stopwatch.Frequency * 2;
            while (Interlocked.Read(ref firstNoteAt) == 0 && Stopwatch.GetTimestamp() < deadline)
            {
                Thread.Sleep(1);
            }

            var heard = Interlocked.Read(ref firstNoteAt);
            if (heard == 0)
            {
                missed++;
            }
            else
            {
                latencies.Add(((heard - sent) / (double)Stopwatch.Frequency - delay) * 1000);
            }

            // Let the answer finish (the performer playing again would cut it short).
            var idleDeadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 2;
            while (!engine.IsIdle && Stopwatch.GetTimestamp() < idleDeadline)
            {
                Thread.Sleep(2);
            }

            performer.Send(MidiMessage.ControlChange(0, MarkerCc, 0));
            Thread.Sleep(10);
        }

        var jitter = engine.Output.Jitter.Snapshot();
        Console.WriteLine("metric                                   n      p50 ms   p99 ms   max ms");
        Print("MIDI-in -> first answer note-out - delay", latencies);
        Print("first answer note sent - intended (engine)", engine.Output.ResponseLatency.Snapshot());
        Print("scheduled event jitter (sent - intended)", jitter);
        Print("generation step (responder.NextToken)", engine.StepLatency.Snapshot());
        // A model may answer a very short call with silence or begin with a rest of its own choosing; the
        // engine-side line above subtracts that choice, the loopback line cannot.
        Console.WriteLine($"answers without a note within 2 s: {missed}; dropped input: {engine.Status.DroppedInput}");
        if (csvPath is not null)
        {
            File.WriteAllLines(csvPath, new[] { "phrase,latency_ms" }.Concat(latencies.Select((v, k) => string.Create(CultureInfo.InvariantCulture, $"{k},{v:0.####}"))));
        }

        return 0;
    }

    private static void Print(string name, IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        double At(double q) => LatencyLog.NearestRank(sorted, q);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-40} {sorted.Length,6} {At(0.5),8:0.000} {At(0.99),8:0.000} {At(1.0),8:0.000}"));
    }
}
