using System.CommandLine;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Commands;

/// <summary><c>edgemeta-train export --run RUN_DIR --out models/NAME</c>: writes a device model folder from a training run.</summary>
internal sealed class ExportCommand : ICliCommand
{
    public Command Create()
    {
        var runOption = new Option<string>("--run") { Description = "Training run folder (config.json, run.json, model.dat).", Required = true };
        var outOption = new Option<string>("--out") { Description = "Model folder to write, e.g. models/maestro-small.", Required = true };
        var nameOption = new Option<string?>("--name") { Description = "Model name (default: the --out folder's name)." };
        var appendixOption = new Option<string[]>("--card-appendix") { Description = "Markdown file(s) appended to MODEL_CARD.md in order (data notes, the evaluation report).", AllowMultipleArgumentsPerToken = true };
        var command = new Command("export", "Export a trained run as a model folder: backbone.onnx, adapter.safetensors, manifest.json, MODEL_CARD.md.")
        {
            runOption,
            outOption,
            nameOption,
            appendixOption,
        };
        command.SetAction(parseResult =>
        {
            using var run = TrainedRun.Load(parseResult.GetValue(runOption)!);
            var appendix = string.Join("\n\n", (parseResult.GetValue(appendixOption) ?? []).Select(File.ReadAllText));
            ModelExporter.Export(run, parseResult.GetValue(outOption)!, parseResult.GetValue(nameOption), Console.WriteLine, appendix);
            return 0;
        });
        return command;
    }
}
