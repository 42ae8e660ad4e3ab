using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta bench-step --model M</c>: times every single event of the duet's answer stream, the step the box
/// plays (ONNX backbone step + adapter head + grammar-aware sampling + the streaming decoder, single-threaded), on a
/// model folder and reports the tail and the managed bytes allocated per event. BenchmarkDotNet (tests/Benchmarks) compares engines side by side on means; the
/// design's budget is a per-step tail, which only per-step timing shows.
/// </summary>
internal sealed class BenchStepCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder.", DefaultValueFactory = _ => "models/default" };
        var steps = new Option<int>("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 20_000 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (JIT, caches).", DefaultValueFactory = _ => 2_000 };
        var call = new Option<string?>("--call") { Description = "MIDI file of a performer's call to answer, so the steps include steering toward its style (default: twelve notes of a tune)." };
        var command = new Command("bench-step", "Time single answer events (backbone + head + sampling + decoding): p50, p99, max and allocations per event.") { model, steps, warmup, call };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(call)));
        return command;
    }

    private static int Run(string modelDir, int steps, int warmup, string? callPath)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var loaded = ModelFolder.Load(modelDir);
        using var backbone = new OnnxBackbone(loaded.BackbonePath, new BackboneSessionOptions { IntraOpThreads = 1, Log = Console.WriteLine });
        // The step the box plays: one event of the duet's answer stream (backbone step, adapter head, sampler, decoder).
        var capacity = steps + warmup + 64;
        var duet = new DuetSession(backbone, backbone, loaded.InitialAdapter, innerLoop: null, new SamplerSettings { Seed = 1 }, new DuetSettings { MaxAnswerTokens = capacity });
        duet.Hear(callPath is null
            ? [.. Enumerable.Range(0, 12).Select(i => new Note(62 + (i % 5), 80, i * 0.25, (i * 0.25) + 0.2))]
            : MidiFile.Read(callPath).ToNotes());
        var stream = new AnswerStream(capacity);
        stream.Begin(duet, duet.BeginAnswer(endless: true));
        for (var i = 0; i < warmup; i++)
        {
            stream.MoveNext();
        }

        var log = new LatencyLog(steps);
        var ticksToMs = 1000.0 / Stopwatch.Frequency;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var drawnBefore = stream.Tokens.Length;
        for (var i = 0; i < steps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            stream.MoveNext();
            log.Add((Stopwatch.GetTimestamp() - start) * ticksToMs);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stream.Tokens.Length - drawnBefore} tokens drawn for {steps} events"));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var samples = log.Snapshot();
        Console.WriteLine($"model: {loaded.ModelId} (H = {loaded.Manifest.Dimensions.HiddenSize}, {loaded.Manifest.Dimensions.Layers} layers), provider {backbone.ProviderName}, 1 thread");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{steps} answer events: mean {samples.Average() * 1000:0.0} µs, p50 {log.Percentile(0.5) * 1000:0.0} µs, p99 {log.Percentile(0.99) * 1000:0.0} µs, p99.9 {log.Percentile(0.999) * 1000:0.0} µs, max {log.Percentile(1) * 1000:0.0} µs; allocated {allocated / (double)steps:0.##} B/step"));
        return 0;
    }
}
