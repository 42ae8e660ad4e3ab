using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta respond --model M --phrases IN.mid --out OUT.mid [--profile NAME] [--seed N]</c>: the whole
/// offline loop. Reads the phrases, adapts (from the profile, or the meta-learned init) on all of them,
/// answers the last phrase with a continuation as long as that phrase, writes it and prints the timings.
/// The profile is read, not updated (use <c>edgemeta adapt</c> to teach it).
/// </summary>
internal sealed class RespondCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (manifest.json, backbone.onnx, adapter.safetensors).", Required = true };
        var phrases = new Option<string>("--phrases") { Description = "MIDI file with the performer's phrases.", Required = true };
        var output = new Option<string>("--out") { Description = "MIDI file to write the response to.", Required = true };
        var profile = new Option<string?>("--profile") { Description = "Start from this performer profile instead of the meta-learned init." };
        var profiles = new Option<string?>("--profiles") { Description = $"Profile folder (default ${ProfileStore.RootVariable} or ~/.local/share/edgemeta/profiles)." };
        var seed = new Option<int?>("--seed") { Description = "Random seed for a reproducible response." };
        var command = new Command("respond", "Adapt to the phrases of a MIDI file and write a response of similar length.");
        foreach (var option in new Option[] { model, phrases, output, profile, profiles, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            Run(parseResult.GetValue(model)!, parseResult.GetValue(phrases)!, parseResult.GetValue(output)!,
                parseResult.GetValue(profile), parseResult.GetValue(profiles), parseResult.GetValue(seed));
            return 0;
        });
        return command;
    }

    private static void Run(string modelDir, string phrasesPath, string outPath, string? profileName, string? profilesDir, int? seed)
    {
        var clock = Stopwatch.StartNew();
        var loaded = ModelFolder.Load(modelDir);
        var start = loaded.InitialAdapter;
        if (profileName is not null)
        {
            var found = new ProfileStore(profilesDir ?? ProfileStore.DefaultRoot()).Get(profileName, loaded);
            if (found.Warning is not null)
            {
                Console.Error.WriteLine($"warning: {found.Warning}");
            }

            start = found.Profile.Adapter;
        }

        var performance = MidiFile.Read(phrasesPath).ToNotes();
        var segmenter = new PhraseSegmenter(new PerformanceTokenizer());
        var phrases = segmenter.Segment(performance);
        if (phrases.Count == 0)
        {
            throw new InvalidDataException($"{phrasesPath}: contains no notes to respond to.");
        }

        using var backbone = new OnnxBackbone(loaded.BackbonePath);
        var loadMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        var support = SupportBatch.FromPhrases(backbone, phrases);
        var featuresMs = clock.Elapsed.TotalMilliseconds;
        var result = new InnerLoop(loaded.InnerLoop).Adapt(start, support);

        clock.Restart();
        // Answer the last phrase as the performer played it (up to their last pause), for about as long.
        var tokenizer = new PerformanceTokenizer();
        var callNotes = segmenter.LastCall(performance);
        var call = tokenizer.Encode(callNotes);
        double seconds = Math.Max(1.0, callNotes.Max(n => n.End) - callNotes.Min(n => n.Start));
        var generator = new Generator(backbone, new AdapterHead(result.Adapted), new Sampler(new SamplerSettings { Seed = seed }));
        generator.Prime(call);
        var response = generator.Generate(seconds);
        var generateMs = clock.Elapsed.TotalMilliseconds;

        var notes = tokenizer.Decode(response);
        MidiFile.FromNotes(notes).Write(outPath);

        var o = Console.Out;
        o.WriteLine($"model: {loaded.ModelId}; start: {(profileName is null ? "meta-learned init" : $"profile {profileName}")}");
        o.WriteLine(Invariant($"input: {phrases.Count} phrases, {support.Count} events; response to the last phrase ({callNotes.Count} notes, {seconds:0.0} s)"));
        o.WriteLine(Invariant($"adaptation: {result.StepsTaken} steps, support loss {result.SupportLoss[0]:0.000} -> {result.SupportLoss[^1]:0.000}"));
        o.WriteLine(Invariant($"response: {response.Length} events, {notes.Count} notes written to {outPath}"));
        o.WriteLine(Invariant($"time: load {loadMs:0.0} ms, features {featuresMs:0.0} ms, adaptation {result.Elapsed.TotalMilliseconds:0.0} ms, generation {generateMs:0.0} ms"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
