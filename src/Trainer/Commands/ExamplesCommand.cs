using System.CommandLine;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.Trainer.Examples;

namespace EdgeMeta.Trainer.Commands;

/// <summary><c>edgemeta-train examples --out examples</c>: writes the example performers' phrase files.</summary>
internal sealed class ExamplesCommand : ICliCommand
{
    public Command Create()
    {
        var outOption = new Option<string>("--out") { Description = "Folder to write the example MIDI files into.", DefaultValueFactory = _ => "examples" };
        var seedOption = new Option<int>("--seed") { Description = "Seed of the timing and velocity nuances.", DefaultValueFactory = _ => 7 };
        var command = new Command("examples", "Write short performer phrase files in clearly different styles (composed in code).")
        {
            outOption,
            seedOption,
        };
        command.SetAction(parseResult =>
        {
            string folder = parseResult.GetValue(outOption)!;
            int seed = parseResult.GetValue(seedOption);
            Directory.CreateDirectory(folder);
            foreach (var style in ExamplePerformers.All)
            {
                string path = Path.Combine(folder, style.Name + ".mid");
                var notes = style.Compose(new Random(seed));
                MidiFile.FromNotes(notes).Write(path);
                Console.WriteLine($"{path}: {notes.Count} notes. {style.Description}");
            }

            return 0;
        });
        return command;
    }
}
