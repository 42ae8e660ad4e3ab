using System.CommandLine;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.Trainer.Evaluation;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Commands;

/// <summary>
/// <c>edgemeta-train evaluate</c>: the full few-shot protocol on held-out material (unadapted, device adapter
/// with and without style steering, fine-tuned baseline, PPM, neural + PPM, the Continuator, repeating the last
/// phrase) for K = 1, 2, 4, 8, as a Markdown report with PNG plots. The model is a run folder (exported first)
/// or a model folder such as models/default, exactly as a device loads it.
/// </summary>
internal sealed class EvaluateCommand : ICliCommand
{
    public Command Create()
    {
        var run = new Option<string?>("--run") { Description = "Run folder of the model to evaluate (or give --model)." };
        var modelDir = new Option<string?>("--model") { Description = "Model folder to evaluate as the device loads it, e.g. models/default (or give --run)." };
        var data = new Option<string[]>("--data") { Description = "Corpus folder(s); only held-out material is scored (held-out families, and any corpus the model never trained on).", Required = true, AllowMultipleArgumentsPerToken = true };
        var baseline = new Option<string?>("--baseline") { Description = "Run folder of a baseline (e.g. pretrain), fine-tuned with the same budget on the same tasks." };
        var shots = new Option<int[]>("--shots") { Description = "Support sizes K.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1, 2, 4, 8] };
        var holdout = new Option<string[]>("--holdout-family") { Description = "Score only these families (each must be held out from the model).", AllowMultipleArgumentsPerToken = true };
        var tuning = new Option<string[]>("--tuning-family") { Description = "Score these trained-on families instead, to choose sampler and steering settings without the held-out families (NLL there measures memory).", AllowMultipleArgumentsPerToken = true };
        var perFamily = new Option<int>("--tasks-per-family") { Description = "At most this many tasks per family (seeded draw; 0 = all).", DefaultValueFactory = _ => 40 };
        var queries = new Option<int>("--query") { Description = "Score at most Q query phrases per task (the same ones for every K).", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of task sampling and response sampling.", DefaultValueFactory = _ => 1234 };
        var output = new Option<string?>("--out") { Description = "Report folder (report.md + PNGs); default RUN/evaluation (required with --model)." };
        var command = new Command("evaluate", "Few-shot evaluation on held-out material: NLL, accuracy, pitch IC, style, answer measures and copying for every method and K.")
        {
            run, modelDir, data, baseline, shots, holdout, tuning, perFamily, queries, seed, output,
        };
        command.SetAction(parse =>
        {
            var runPath = parse.GetValue(run);
            var modelPath = parse.GetValue(modelDir);
            if ((runPath is null) == (modelPath is null))
            {
                throw new ArgumentException("give exactly one of --run RUN_FOLDER or --model MODEL_FOLDER");
            }

            var outDir = parse.GetValue(output) ?? (runPath is not null ? Path.Combine(runPath, "evaluation") : throw new ArgumentException("--out is required with --model"));
            using var main = runPath is null ? null : TrainedRun.Load(runPath);
            var model = modelPath is null ? null : ModelFolder.Load(modelPath);
            using var other = parse.GetValue(baseline) is { } baselinePath ? TrainedRun.Load(baselinePath) : null;
            var tasks = CorpusTasks.Load(parse.GetValue(data) ?? [], Console.Error.WriteLine);
            var selection = main is not null
                ? HeldOutSelection.Of(main)
                : new HeldOutSelection(HeldOutSelection.CorpusNames(model!.Manifest.Training.DataFolders), model.Manifest.Training.HeldOutFamilies);
            var tuningFamilies = parse.GetValue(tuning) ?? [];
            if (tuningFamilies.Length > 0 && parse.GetValue(holdout) is { Length: > 0 })
            {
                throw new ArgumentException("give --holdout-family or --tuning-family, not both");
            }

            var heldOut = tuningFamilies.Length > 0
                ? selection.SelectTrainedOn(tasks, tuningFamilies, runPath ?? modelPath!)
                : selection.Select(tasks, parse.GetValue(holdout), runPath ?? modelPath!);
            if (other is not null && tuningFamilies.Length == 0)
            {
                // The baseline must not have trained on the tasks it is scored on either.
                HeldOutSelection.Of(other).Select(heldOut, heldOut.Select(t => t.Family).Distinct().ToArray(), other.Directory);
            }

            var settings = new FewShotSettings
            {
                Shots = parse.GetValue(shots)!,
                Seed = parse.GetValue(seed),
                MaxTasksPerFamily = parse.GetValue(perFamily),
                FixedQuery = true,
                MaxQueryPhrases = parse.GetValue(queries),
            };
            var started = DateTime.UtcNow;
            var results = main is not null
                ? FewShotComparison.Run(main, other, heldOut, settings, outDir, Console.Error.WriteLine)
                : FewShotComparison.Run(model!, other, heldOut, settings, Console.Error.WriteLine);
            var title = main is not null
                ? $"Few-shot evaluation of {Path.GetFileName(Path.TrimEndingDirectorySeparator(main.Directory))} ({main.Metadata.Algorithm})"
                : $"Few-shot evaluation of model {model!.ModelId}";
            if (tuningFamilies.Length > 0)
            {
                title += $" on trained-on families [{string.Join(", ", tuningFamilies)}] (for choosing settings; NLL here measures memory, not adaptation)";
            }
            var report = MarkdownReport.Write(results, outDir, title);
            Console.WriteLine(File.ReadAllText(report));
            Console.Error.WriteLine($"report: {report} ({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
            return 0;
        });
        return command;
    }
}
