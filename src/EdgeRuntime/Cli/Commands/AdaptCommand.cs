using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Performances;
using EdgeMeta.EdgeRuntime.Profiles;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta adapt --model M --profile NAME --phrases FILE.mid [--profiles DIR]</c>: the duet hears the file
/// (its last phrases, the same window as live play), holds the last phrase back, adapts the performer's profile on
/// the others with the model's inner loop, prints the held-back phrase's NLL per event before and after and the time taken, and folds the
/// session into the profile by online Reptile.
/// </summary>
internal sealed class AdaptCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (manifest.json, backbone.onnx, adapter.safetensors).", Required = true };
        var profile = new Option<string>("--profile") { Description = "Performer profile name (created from the meta-learned init if new).", Required = true };
        var phrases = new Option<string>("--phrases") { Description = "MIDI file of the performer's playing (at least two phrases).", Required = true };
        var lenient = new Option<bool>("--lenient") { Description = "Read a damaged MIDI file as far as it goes instead of refusing it." };
        var profiles = new Option<string?>("--profiles") { Description = $"Profile folder (default ${ProfileStore.RootVariable} or ~/.local/share/edgemeta/profiles)." };
        var command = new Command("adapt", "Adapt a performer profile to the phrases of a MIDI file and report NLL before and after.");
        foreach (var option in new Option[] { model, profile, phrases, profiles, lenient })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            Run(parseResult.GetValue(model)!, parseResult.GetValue(profile)!, parseResult.GetValue(phrases)!, parseResult.GetValue(profiles), parseResult.GetValue(lenient) ? MidiReadSettings.Lenient : MidiReadSettings.Strict);
            return 0;
        });
        return command;
    }

    private static void Run(string modelDir, string profileName, string phrasesPath, string? profilesDir, MidiReadSettings read)
    {
        var clock = Stopwatch.StartNew();
        var loaded = ModelFolder.Load(modelDir);
        var store = new ProfileStore(profilesDir ?? ProfileStore.DefaultRoot());
        var found = store.Get(profileName, loaded);
        if (found.Warning is not null)
        {
            Console.Error.WriteLine($"warning: {found.Warning}");
        }

        var performance = PerformanceFile.Read(phrasesPath, read);
        using var backbone = ModelFolder.OpenBackbone(loaded);
        var settings = new DuetSettings();
        using var innerLoop = new InnerLoop(settings.InnerLoopFor(loaded.InnerLoop));
        var duet = new DuetSession(backbone, backbone, found.Profile.Adapter, innerLoop, settings: settings, profile: found.Profile);
        var loadMs = clock.Elapsed.TotalMilliseconds;

        clock.Restart();
        duet.Hear(performance);
        var phrases = duet.Window;
        if (phrases.Count < 2)
        {
            throw new InvalidDataException($"{phrasesPath}: found {phrases.Count} phrase(s); adapt needs at least 2 (the last one is held back to measure the result).");
        }

        var featuresMs = clock.Elapsed.TotalMilliseconds;
        var heldBack = phrases.Skip(phrases.Count - 1).ToArray();
        float before = duet.NegativeLogLikelihood(duet.Start, heldBack);
        var result = duet.Adapt(holdBack: 1)!;
        if (!result.Adapted.IsFinite())
        {
            throw new InvalidDataException($"{phrasesPath}: adaptation diverged (non-finite weights); profile '{profileName}' left as it was.");
        }

        float after = duet.NegativeLogLikelihood(result.Adapted, heldBack);
        var updated = duet.EndSession(DateTimeOffset.UtcNow)!;
        store.Save(updated);

        var o = Console.Out;
        o.WriteLine($"model: {loaded.ModelId}");
        o.WriteLine($"profile: {profileName} ({(found.IsNew ? "new, from the meta-learned init" : $"{found.Profile.Info.Sessions} earlier session(s)")}) in {store.Root}");
        o.WriteLine(Invariant($"phrases: the last {phrases.Count - 1} adapted on ({phrases.Take(phrases.Count - 1).Sum(p => p.Positions)} events), 1 held back ({heldBack[0].Positions} events)"));
        o.WriteLine(Invariant($"inner loop: {result.StepsTaken} SGD steps at lr {loaded.InnerLoop.LearningRate}, support loss {result.SupportLoss[0]:0.000} -> {result.SupportLoss[^1]:0.000}"));
        o.WriteLine(Invariant($"held-back NLL per event: before {before:0.000}, after {after:0.000} nats"));
        o.WriteLine(Invariant($"time: load {loadMs:0.0} ms, phrases and features {featuresMs:0.0} ms, adaptation {result.Elapsed.TotalMilliseconds:0.0} ms"));
        o.WriteLine(Invariant($"profile updated by Reptile (epsilon {loaded.InnerLoop.ReptileEpsilon}): {updated.Info.Sessions} session(s), {updated.Info.PhrasesSeen} phrases"));
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
