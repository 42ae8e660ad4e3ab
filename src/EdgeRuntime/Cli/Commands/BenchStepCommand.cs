using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta bench-step --model M</c>: times every single generation step (ONNX backbone step + adapter
/// head + grammar-aware sampling, single-threaded) of a model folder and reports the tail and the managed
/// bytes allocated per step. BenchmarkDotNet (tests/Benchmarks) compares engines side by side on means; the
/// design's budget is a per-step tail, which only per-step timing shows.
/// </summary>
internal sealed class BenchStepCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder.", DefaultValueFactory = _ => "models/default" };
        var steps = new Option<int>("--steps") { Description = "Timed steps.", DefaultValueFactory = _ => 20_000 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps first (JIT, caches).", DefaultValueFactory = _ => 2_000 };
        var call = new Option<string?>("--call") { Description = "MIDI file to prime with, so the steps include steering toward its style (default: a bare VELOCITY primer, no steering)." };
        var command = new Command("bench-step", "Time single generation steps (backbone + head + sampling): p50, p99, max and allocations per step.") { model, steps, warmup, call };
        command.SetAction(parse => Run(parse.GetValue(model)!, parse.GetValue(steps), parse.GetValue(warmup), parse.GetValue(call)));
        return command;
    }

    private static int Run(string modelDir, int steps, int warmup, string? callPath)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        var loaded = ModelFolder.Load(modelDir);
        using var backbone = new OnnxBackbone(loaded.BackbonePath, new BackboneSessionOptions { IntraOpThreads = 1, Log = Console.WriteLine });
        var generator = new Generator(backbone, new AdapterHead(loaded.InitialAdapter), new Sampler(new SamplerSettings { Seed = 1 }));
        // A call primes the sampler with a style to steer toward; the answer then runs on past its usual length.
        int[] primer = callPath is null ? [Vocabulary.Velocity(16)] : new PerformanceTokenizer().Encode(MidiFile.Read(callPath).ToNotes());
        generator.Prime(primer);
        for (var i = 0; i < warmup; i++)
        {
            generator.Next();
        }

        var log = new LatencyLog(steps);
        var ticksToMs = 1000.0 / Stopwatch.Frequency;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < steps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            generator.Next();
            log.Add((Stopwatch.GetTimestamp() - start) * ticksToMs);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var samples = log.Snapshot();
        Console.WriteLine($"steering: {generator.Sampler.SteeringStyle?.ToString() ?? "none"}");
        Console.WriteLine($"model: {loaded.ModelId} (H = {loaded.Manifest.Dimensions.HiddenSize}, {loaded.Manifest.Dimensions.Layers} layers), provider {backbone.ProviderName}, 1 thread");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{steps} steps: mean {samples.Average() * 1000:0.0} µs, p50 {log.Percentile(0.5) * 1000:0.0} µs, p99 {log.Percentile(0.99) * 1000:0.0} µs, p99.9 {log.Percentile(0.999) * 1000:0.0} µs, max {log.Percentile(1) * 1000:0.0} µs; allocated {allocated / (double)steps:0.##} B/step"));
        return 0;
    }
}
