using System.CommandLine;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Profiles;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta profile list|show NAME|reset NAME|delete NAME [--profiles DIR]</c>: look after performer
/// profiles. <c>reset</c> with <c>--model</c> writes that model's meta-learned init; without it, it removes the
/// learned weights so the next session starts from the init of whichever model is used.
/// </summary>
internal sealed class ProfileCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("profile", "List, show, reset or delete performer profiles.");
        command.Subcommands.Add(List());
        command.Subcommands.Add(Show());
        command.Subcommands.Add(Reset());
        command.Subcommands.Add(Delete());
        return command;
    }

    private static Option<string?> ProfilesOption() =>
        new("--profiles") { Description = $"Profile folder (default ${ProfileStore.RootVariable} or ~/.local/share/edgemeta/profiles)." };

    private static ProfileStore Store(string? dir) => new(dir ?? ProfileStore.DefaultRoot());

    private static Command List()
    {
        var profiles = ProfilesOption();
        var command = new Command("list", "List the stored profiles.");
        command.Options.Add(profiles);
        command.SetAction(parseResult =>
        {
            var store = Store(parseResult.GetValue(profiles));
            var names = store.Names();
            Console.Out.WriteLine($"{names.Count} profile(s) in {store.Root}");
            foreach (var name in names)
            {
                try
                {
                    var info = store.ReadInfo(name);
                    Console.Out.WriteLine(Invariant($"  {name,-20} model {info.ModelId}, {info.Sessions} session(s), {info.PhrasesSeen} phrases, updated {info.Updated:yyyy-MM-dd HH:mm}"));
                }
                catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
                {
                    Console.Out.WriteLine($"  {name,-20} unreadable: {ex.Message}");
                }
            }

            return 0;
        });
        return command;
    }

    private static Command Show()
    {
        var profiles = ProfilesOption();
        var name = new Argument<string>("name") { Description = "Profile name." };
        var command = new Command("show", "Show one profile's details.");
        command.Arguments.Add(name);
        command.Options.Add(profiles);
        command.SetAction(parseResult =>
        {
            var store = Store(parseResult.GetValue(profiles));
            var profileName = parseResult.GetValue(name)!;
            var info = store.ReadInfo(profileName);
            var path = store.AdapterPath(profileName);
            var adapter = AdapterFile.Load(path);
            var a = adapter.Adapter;
            var o = Console.Out;
            o.WriteLine($"name: {info.Name}");
            o.WriteLine($"model: {info.ModelId}");
            o.WriteLine(Invariant($"created: {info.Created:u}; updated: {info.Updated:u}"));
            o.WriteLine(Invariant($"sessions: {info.Sessions}; phrases seen: {info.PhrasesSeen}"));
            o.WriteLine(Invariant($"adapter: V={a.VocabularySize}, F={a.FeatureSize}, rank {a.Rank}; inner loop {adapter.InnerLoop.Steps} steps at lr {adapter.InnerLoop.LearningRate}, Reptile epsilon {adapter.InnerLoop.ReptileEpsilon}"));
            o.WriteLine($"file: {path}");
            return 0;
        });
        return command;
    }

    private static Command Reset()
    {
        var profiles = ProfilesOption();
        var model = new Option<string?>("--model") { Description = "Model folder whose meta-learned init the profile returns to." };
        var name = new Argument<string>("name") { Description = "Profile name." };
        var command = new Command("reset", "Put a profile back to the meta-learned init.");
        command.Arguments.Add(name);
        command.Options.Add(profiles);
        command.Options.Add(model);
        command.SetAction(parseResult =>
        {
            var store = Store(parseResult.GetValue(profiles));
            var profileName = parseResult.GetValue(name)!;
            var modelDir = parseResult.GetValue(model);
            if (modelDir is null)
            {
                Console.Out.WriteLine(store.Delete(profileName)
                    ? $"{profileName}: learned weights removed; the next session starts from the model's meta-learned init"
                    : $"{profileName}: no stored profile; it already starts from the meta-learned init");
                return 0;
            }

            var loaded = ModelFolder.Load(modelDir);
            store.Reset(profileName, loaded.ModelId, loaded.InitialAdapter, loaded.InnerLoop);
            Console.Out.WriteLine($"{profileName}: reset to the meta-learned init of {loaded.ModelId}");
            return 0;
        });
        return command;
    }

    private static Command Delete()
    {
        var profiles = ProfilesOption();
        var name = new Argument<string>("name") { Description = "Profile name." };
        var command = new Command("delete", "Delete a profile.");
        command.Arguments.Add(name);
        command.Options.Add(profiles);
        command.SetAction(parseResult =>
        {
            var store = Store(parseResult.GetValue(profiles));
            var profileName = parseResult.GetValue(name)!;
            if (!store.Delete(profileName))
            {
                throw new FileNotFoundException($"{store.AdapterPath(profileName)}: profile '{profileName}' not found");
            }

            Console.Out.WriteLine($"{profileName}: deleted");
            return 0;
        });
        return command;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
