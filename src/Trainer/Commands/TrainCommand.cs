using System.CommandLine;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Training;
using Spectre.Console;

namespace EdgeMeta.Trainer.Commands;

/// <summary><c>edgemeta-train train</c>: meta-trains a model into a run folder.</summary>
internal sealed class TrainCommand : ICliCommand
{
    public Command Create()
    {
        var config = new Option<string?>("--config") { Description = "Run config JSON (see src/Trainer/Configs/); defaults when omitted." };
        var data = new Option<string[]>("--data") { Description = "Corpus folder(s) of MIDI files; repeat for several.", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Run folder (config.json, model.dat, metrics.csv, loss.png, checkpoint/).", Required = true };
        var resume = new Option<bool>("--resume") { Description = "Continue from the run folder's checkpoint." };
        var device = new Option<string>("--device") { Description = "cpu or cuda (cuda needs the libtorch-cuda package).", DefaultValueFactory = _ => "cpu" };
        var set = new Option<string[]>("--set") { Description = "Override a config key: section.key=value (e.g. training.steps=200); repeatable.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("train", "Meta-train the music model (pretrain, reptile, fomaml, maml, anil).") { config, data, output, resume, device, set };
        command.SetAction(parse =>
        {
            var runConfig = RunConfig.Load(parse.GetValue(config), parse.GetValue(set) ?? []);
            var folders = parse.GetValue(data) ?? [];
            var tasks = CorpusTasks.Load(folders, line => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(line)}[/]"));
            var trainer = new MetaTrainer(runConfig, tasks, parse.GetValue(output)!, folders, UserCommandLine());
            RunMetadata? result = null;
            AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(context =>
                {
                    var bar = context.AddTask(runConfig.Training.Algorithm, maxValue: runConfig.Training.Steps);
                    string? valid = null;
                    result = trainer.Run(parse.GetValue(resume), p =>
                    {
                        valid = p.ValidLoss is { } v ? $" valid {v:F3}" : valid;
                        bar.Description = $"{runConfig.Training.Algorithm} step {p.Step} loss {p.Loss:F3}{valid} {p.EventsPerSecond:F0} ev/s";
                        bar.Value = p.Step;
                    }, device: parse.GetValue(device)!);
                });
            AnsiConsole.WriteLine($"{result!.Steps} steps in {result.ElapsedSeconds:F0} s; best held-out NLL/event after adaptation {result.BestValidLoss:F3}; {result.TrainTasks} train / {result.HeldOutTasks} held-out tasks.");
            var ratesFile = Path.Combine(parse.GetValue(output)!, InnerRates.FileName);
            if (runConfig.Training.MetaSgd && File.Exists(ratesFile))
            {
                using var rates = InnerRates.Load(ratesFile);
                AnsiConsole.WriteLine($"Meta-SGD inner rates ({ratesFile}):{Environment.NewLine}{rates.Summary()}");
            }
            return 0;
        });
        return command;
    }

    // The command as a user types it ("edgemeta-train train ..."), without the build machine's path to the program.
    private static string UserCommandLine() => string.Join(' ', ["edgemeta-train", .. Environment.GetCommandLineArgs().Skip(1)]);
}
