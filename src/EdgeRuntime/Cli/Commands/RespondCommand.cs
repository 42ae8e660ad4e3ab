using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Performances;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta respond --model M --phrases IN.mid --out OUT.mid [--profile NAME] [--seed N]</c>: one call and
/// answer through the duet, as the box would play it: hears the file, adapts (from the profile, or the meta-learned
/// init) on its last phrases, answers its last call for as long as the call (bounded), writes the answer and prints
/// the timings. The profile is read, not updated (use <c>edgemeta adapt</c> to teach it).
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
        var report = new Option<bool>("--report") { Description = "Print how close the answer is to the performer (pitch, intervals, rhythm, note lengths, register, dynamics, texture, copying)." };
        var lenient = new Option<bool>("--lenient") { Description = "Read a damaged MIDI file as far as it goes (as other tools do) instead of refusing it." };
        var reference = new Option<string?>("--reference") { Description = "With --report: MIDI file of what the performer really played next, to compare the answer with (default: the call)." };
        var command = new Command("respond", "Adapt to the phrases of a MIDI file and write a response of similar length.");
        foreach (var option in new Option[] { model, phrases, output, profile, profiles, seed, report, reference, lenient })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            Run(parseResult.GetValue(model)!, parseResult.GetValue(phrases)!, parseResult.GetValue(output)!,
                parseResult.GetValue(profile), parseResult.GetValue(profiles), parseResult.GetValue(seed),
                parseResult.GetValue(report) || parseResult.GetValue(reference) is not null, parseResult.GetValue(reference),
                parseResult.GetValue(lenient) ? MidiReadSettings.Lenient : MidiReadSettings.Strict);
            return 0;
        });
        return command;
    }

    private static void Run(string modelDir, string phrasesPath, string outPath, string? profileName, string? profilesDir, int? seed, bool report, string? referencePath, MidiReadSettings read)
    {
        // The output is checked before any work: a regular file (or none yet), never the performer's file or a device.
        OutputTarget.Check(outPath, phrasesPath);
        var clock = Stopwatch.StartNew();
        var loaded = ModelFolder.Load(modelDir);
        var start = loaded.InitialAdapter;
        var startDescription = "meta-learned init";
        if (profileName is not null)
        {
            var found = new ProfileStore(profilesDir ?? ProfileStore.DefaultRoot()).Get(profileName, loaded);
            if (found.Warning is not null)
            {
                Console.Error.WriteLine($"warning: {found.Warning}");
            }

            start = found.Profile.Adapter;
            startDescription = found.StartDescription;
        }

        var performance = PerformanceFile.Read(phrasesPath, read);
        using var backbone = ModelFolder.OpenBackbone(loaded);
        // One thread listens and plays here, so one backbone session serves both sides of the duet.
        var settings = new DuetSettings();
        using var innerLoop = new InnerLoop(settings.InnerLoopFor(loaded.InnerLoop));
        var duet = new DuetSession(backbone, backbone, start, innerLoop, new SamplerSettings { Seed = seed }, settings);
        var loadMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        duet.Hear(performance);
        if (duet.Window.Count == 0 && duet.CallSeconds <= 0)
        {
            throw new InvalidDataException(PerformanceFile.WhyNoPhrases(performance, phrasesPath, new TokenizerOptions(), duet.Settings.Phrases));
        }

        var featuresMs = clock.Elapsed.TotalMilliseconds;
        var result = duet.Adapt();

        clock.Restart();
        var answer = duet.Respond(seed);
        var generateMs = clock.Elapsed.TotalMilliseconds;
        MidiFile.FromNotes(answer.Notes).Write(outPath);

        var o = Console.Out;
        var window = duet.Window.Sum(p => p.Positions);
        o.WriteLine($"model: {loaded.ModelId}; start: {startDescription}");
        o.WriteLine(Invariant($"input: {performance.Count} notes; adapted on the last {duet.Window.Count} phrases ({window} events); answering the last call ({duet.CallSeconds:0.0} s)"));
        o.WriteLine(result is null
            ? "adaptation: none (no phrase long enough yet)"
            : Invariant($"adaptation: {result.StepsTaken} steps, support loss {result.SupportLoss[0]:0.000} -> {result.SupportLoss[^1]:0.000}"));
        o.WriteLine(Invariant($"response: {answer.Tokens.Length} events, {answer.Notes.Count} notes, {answer.Plan.Seconds:0.0} s written to {outPath}"));
        o.WriteLine(Invariant($"time: load {loadMs:0.0} ms, phrases and features {featuresMs:0.0} ms, adaptation {result?.Elapsed.TotalMilliseconds ?? 0:0.0} ms, generation {generateMs:0.0} ms"));
        if (duet.Style is { } style)
        {
            o.WriteLine($"style: {style}");
        }

        if (report)
        {
            // The call as the duet heard it; the reference is the performer's real continuation when given.
            var call = duet.Window.Select(p => p.Phrase).ToArray();
            var referenceFile = referencePath is null ? null : MidiFile.Read(referencePath).ToNotes();
            var referencePhrases = referenceFile is null ? call : new PhraseSegmenter(new PerformanceTokenizer()).Segment(referenceFile, keepShortLast: true);
            o.WriteLine($"answer vs {(referencePath is null ? "the call" : referencePath)}:");
            o.Write(AnswerMeasures.Between([answer.Played()], referencePhrases, call).ToTable());
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
