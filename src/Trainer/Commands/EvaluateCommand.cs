using System.CommandLine;
using EdgeMeta.Trainer.Evaluation;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Commands;

/// <summary>
/// <c>edgemeta-train evaluate</c>: the full few-shot protocol on held-out families (unadapted, device
/// adapter, fine-tuned baseline, PPM, neural + PPM) for K = 1, 2, 4, 8, as a Markdown report with PNG plots.
/// </summary>
internal sealed class EvaluateCommand : ICliCommand
{
    public Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder of the model to evaluate.", Required = true };
        var data = new Option<string[]>("--data") { Description = "Corpus folder(s); only held-out families are scored.", Required = true, AllowMultipleArgumentsPerToken = true };
        var baseline = new Option<string?>("--baseline") { Description = "Run folder of a baseline (e.g. pretrain), fine-tuned with the same budget on the same tasks." };
        var shots = new Option<int[]>("--shots") { Description = "Support sizes K.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1, 2, 4, 8] };
        var holdout = new Option<string[]>("--holdout-family") { Description = "Score only these families (each must have been held out by the run).", AllowMultipleArgumentsPerToken = true };
        var perFamily = new Option<int>("--tasks-per-family") { Description = "At most this many tasks per family (seeded draw; 0 = all).", DefaultValueFactory = _ => 40 };
        var queries = new Option<int>("--query") { Description = "Score at most Q query phrases per task (the same ones for every K).", DefaultValueFactory = _ => 4 };
        var seed = new Option<int>("--seed") { Description = "Seed of task sampling and response sampling.", DefaultValueFactory = _ => 1234 };
        var output = new Option<string?>("--out") { Description = "Report folder (report.md + PNGs); default RUN/evaluation." };
        var command = new Command("evaluate", "Few-shot evaluation on held-out families: NLL, accuracy, pitch IC, style and copying for every method and K.")
        {
            run, data, baseline, shots, holdout, perFamily, queries, seed, output,
        };
        command.SetAction(parse =>
        {
            using var main = TrainedRun.Load(parse.GetValue(run)!);
            using var other = parse.GetValue(baseline) is { } baselinePath ? TrainedRun.Load(baselinePath) : null;
            var tasks = CorpusTasks.Load(parse.GetValue(data) ?? [], Console.Error.WriteLine);
            var heldOut = FewShotComparison.HeldOutTasks(main, tasks, parse.GetValue(holdout));
            if (other is not null)
            {
                // The baseline must not have trained on the tasks it is scored on either.
                FewShotComparison.HeldOutTasks(other, heldOut, heldOut.Select(t => t.Family).Distinct().ToArray());
            }

            var settings = new FewShotSettings
            {
                Shots = parse.GetValue(shots)!,
                Seed = parse.GetValue(seed),
                MaxTasksPerFamily = parse.GetValue(perFamily),
                FixedQuery = true,
                MaxQueryPhrases = parse.GetValue(queries),
            };
            var outDir = parse.GetValue(output) ?? Path.Combine(main.Directory, "evaluation");
            var started = DateTime.UtcNow;
            var results = FewShotComparison.Run(main, other, heldOut, settings, outDir, Console.Error.WriteLine);
            var title = $"Few-shot evaluation of {Path.GetFileName(Path.TrimEndingDirectorySeparator(main.Directory))} ({main.Metadata.Algorithm})";
            var report = MarkdownReport.Write(results, outDir, title);
            Console.WriteLine(File.ReadAllText(report));
            Console.Error.WriteLine($"report: {report} ({(DateTime.UtcNow - started).TotalSeconds:F0} s)");
            return 0;
        });
        return command;
    }
}
