using System.CommandLine;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Commands;

/// <summary><c>edgemeta-train evaluate</c>: few-shot query NLL and accuracy before/after the device inner loop.</summary>
internal sealed class EvaluateCommand : ICliCommand
{
    public Command Create()
    {
        var run = new Option<string>("--run") { Description = "Run folder of the model to evaluate.", Required = true };
        var data = new Option<string[]>("--data") { Description = "Corpus folder(s); only the run's held-out families are scored.", Required = true, AllowMultipleArgumentsPerToken = true };
        var shots = new Option<int>("--shots") { Description = "K support phrases per task.", DefaultValueFactory = _ => 4 };
        var queries = new Option<int>("--query") { Description = "At most Q query phrases per task.", DefaultValueFactory = _ => 8 };
        var tasks = new Option<int>("--tasks") { Description = "At most this many held-out tasks (first by family and name).", DefaultValueFactory = _ => 200 };
        var baseline = new Option<string?>("--baseline") { Description = "Run folder of a baseline (e.g. pretrain) scored on the same tasks." };
        var command = new Command("evaluate", "Few-shot evaluation on held-out tasks: query NLL/event and accuracy before and after adaptation.") { run, data, shots, queries, tasks, baseline };
        command.SetAction(parse =>
        {
            using var main = TrainedRun.Load(parse.GetValue(run)!);
            var all = CorpusTasks.Load(parse.GetValue(data) ?? []);
            var (_, heldOut) = HoldoutSplit.Split(all, main.Config.Training.Holdout);
            if (heldOut.Count == 0)
            {
                throw new InvalidOperationException($"{main.Directory}: none of the loaded tasks is in the run's held-out families [{string.Join(", ", main.Config.Training.Holdout)}].");
            }

            var k = parse.GetValue(shots);
            var rows = new List<(string, IReadOnlyList<FewShotTaskResult>)> { (Label(main), Evaluate(main, heldOut, k, parse.GetValue(queries), parse.GetValue(tasks))) };
            if (parse.GetValue(baseline) is { } baselinePath)
            {
                using var other = TrainedRun.Load(baselinePath);
                rows.Add((Label(other), Evaluate(other, heldOut, k, parse.GetValue(queries), parse.GetValue(tasks))));
            }

            Console.WriteLine(FewShotReport.Markdown(rows, k));
            return 0;
        });
        return command;
    }

    private static string Label(TrainedRun run) => $"{run.Metadata.Algorithm} ({Path.GetFileName(Path.TrimEndingDirectorySeparator(run.Directory))})";

    // Each model is adapted with its own exported inner loop (steps, lr): the one its device would run.
    private static IReadOnlyList<FewShotTaskResult> Evaluate(TrainedRun run, IReadOnlyList<EdgeMeta.EdgeRuntime.Corpus.MusicTask> tasks, int shots, int queries, int limit) =>
        new FewShotEvaluator(shots, queries, run.InnerLoop, run.Config.Training.MaxPhraseEvents).Evaluate(run.Model, tasks, limit);
}
