using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Performances;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta generate --model models/NAME --prime FILE.mid --seconds 20 --out OUT.mid</c>: continue a primer
/// with a model folder's backbone and meta-learned (unadapted) adapter. The output holds the primer, then
/// the continuation. A bad model folder or MIDI file exits 2 with a message naming the file; so does an output
/// that is not a regular file or is the primer, checked before any work.
/// </summary>
internal sealed class GenerateCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (models/NAME with manifest.json, backbone.onnx, adapter.safetensors).", Required = true };
        var prime = new Option<string?>("--prime") { Description = "MIDI file to continue; without it the model starts from silence." };
        var seconds = new Option<double>("--seconds") { Description = "Seconds of music to generate after the primer.", DefaultValueFactory = _ => 20.0 };
        var output = new Option<string>("--out") { Description = "MIDI file to write.", Required = true };
        var temperature = new Option<float>("--temperature") { Description = "Softmax temperature (0 = greedy).", DefaultValueFactory = _ => 1.0f };
        var topK = new Option<int>("--top-k") { Description = "Sample from the K most likely events only (0 = all).", DefaultValueFactory = _ => 0 };
        var topP = new Option<float>("--top-p") { Description = "Nucleus sampling mass (1 = off).", DefaultValueFactory = _ => 1.0f };
        var seed = new Option<int?>("--seed") { Description = "Random seed for a reproducible result." };
        var polyphony = new Option<int>("--max-polyphony") { Description = "Most notes sounding at once.", DefaultValueFactory = _ => new SamplerSettings().MaxPolyphony };
        var continuationOnly = new Option<bool>("--continuation-only") { Description = "Write only the generated part, not the primer." };
        var lenient = new Option<bool>("--lenient") { Description = "Read a damaged primer leniently (skip what cannot be read) instead of failing." };
        var command = new Command("generate", "Continue a MIDI primer with a model folder (offline) and write the result as MIDI.");
        foreach (var option in new Option[] { model, prime, seconds, output, temperature, topK, topP, seed, polyphony, continuationOnly, lenient })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var settings = new SamplerSettings
            {
                Temperature = parseResult.GetValue(temperature),
                TopK = parseResult.GetValue(topK),
                TopP = parseResult.GetValue(topP),
                Seed = parseResult.GetValue(seed),
                MaxPolyphony = parseResult.GetValue(polyphony),
            };
            var read = parseResult.GetValue(lenient) ? MidiReadSettings.Lenient : MidiReadSettings.Strict;
            Run(parseResult.GetValue(model)!, parseResult.GetValue(prime), parseResult.GetValue(seconds), parseResult.GetValue(output)!, settings, parseResult.GetValue(continuationOnly), read);
            return 0;
        });
        return command;
    }

    private static void Run(string modelDir, string? primePath, double seconds, string outPath, SamplerSettings settings, bool continuationOnly, MidiReadSettings read)
    {
        // Before any work: the output must be a file we may replace, and not the primer.
        OutputTarget.Check(outPath, primePath ?? string.Empty);
        if (!(seconds > 0) || seconds > 3600)
        {
            throw new ArgumentException($"--seconds {seconds.ToString(CultureInfo.InvariantCulture)}: must be in (0, 3600].");
        }

        Sampler sampler;
        try
        {
            sampler = new Sampler(settings);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new ArgumentException($"sampler options out of range: {ex.Message}", ex);
        }

        var clock = Stopwatch.StartNew();
        var loaded = ModelFolder.Load(modelDir);
        var tokenizer = new PerformanceTokenizer();
        var primer = primePath is null ? [] : tokenizer.Encode(PerformanceFile.Read(primePath, read));
        var options = new BackboneSessionOptions { Log = line => Console.Out.WriteLine(line) };
        using var backbone = ModelFolder.OpenBackbone(loaded, options);
        var generator = new Generator(backbone, new AdapterHead(loaded.InitialAdapter), sampler);
        var loadMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        generator.Prime(primer);
        var primeMs = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        var generated = generator.Generate(seconds);
        var generateMs = clock.Elapsed.TotalMilliseconds;

        int[] all = continuationOnly ? generated : [.. primer, .. generated];
        var notes = tokenizer.Decode(all);
        MidiFile.FromNotes(notes).Write(outPath);

        var o = Console.Out;
        o.WriteLine($"model: {loaded.ModelId} ({modelDir})");
        o.WriteLine($"primer: {(primePath ?? "none")}, {primer.Length} events");
        o.WriteLine(Invariant($"generated: {generated.Length} events, {notes.Count} notes written to {outPath}"));
        o.WriteLine(Invariant($"time: load {loadMs:0.0} ms, prime {primeMs:0.0} ms, generate {generateMs:0.0} ms ({(generated.Length == 0 ? 0 : generateMs * 1000 / generated.Length):0.0} us/event)"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
