using System.CommandLine;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;
using Spectre.Console;

namespace EdgeMeta.Trainer.Commands;

/// <summary>
/// <c>edgemeta-train corpus-stats --data DIR [--data DIR2] [--no-cache]</c>: loads one or more corpora (progress
/// bar per folder), then prints tasks, families, phrases, events, parse failures and vocabulary usage.
/// Several folders are combined into one set of tasks, as training combines them.
/// </summary>
internal sealed class CorpusStatsCommand : ICliCommand
{
    private const int FailuresShown = 5;

    public Command Create()
    {
        var data = new Option<string[]>("--data") { Description = "Corpus folder of .mid files (sub-folders are task families); repeat to combine corpora.", Required = true };
        var noCache = new Option<bool>("--no-cache") { Description = "Parse every file again instead of reading the token cache." };
        var command = new Command("corpus-stats", "Load MIDI corpora as tasks and print their statistics (tasks, families, phrases, events, failures, vocabulary usage).");
        command.Options.Add(data);
        command.Options.Add(noCache);
        command.SetAction(parseResult =>
        {
            var options = new CorpusOptions { UseCache = !parseResult.GetValue(noCache) };
            var results = parseResult.GetValue(data)!.Select(folder => LoadWithProgress(folder, options)).ToList();
            Print(results);
            return 0;
        });
        return command;
    }

    private static CorpusLoadResult LoadWithProgress(string folder, CorpusOptions options)
    {
        CorpusLoadResult? result = null;
        AnsiConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(folder));
                var progress = new ProgressTaskReporter(task);
                result = CorpusLoader.Load(folder, options, progress);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    private static void Print(IReadOnlyList<CorpusLoadResult> results)
    {
        var statistics = CorpusStatistics.Compute(results.SelectMany(r => r.Tasks));
        var failures = results.SelectMany(r => r.Failures.Select(f => (r.Root, Failure: f))).ToList();
        var files = results.Sum(r => r.FilesTotal);
        var output = Console.Out;

        output.WriteLine($"corpora: {string.Join(", ", results.Select(r => r.Root))}");
        output.WriteLine(Invariant($"files: {files} ({files - failures.Count} parsed, {(files == 0 ? 100 : 100.0 * (files - failures.Count) / files):0.0}%), {results.Sum(r => r.FilesWithoutPhrases)} without phrases"));
        output.WriteLine($"tasks: {statistics.Tasks}");
        output.WriteLine($"families ({statistics.Families.Count}): {string.Join(", ", statistics.Families.Select(f => $"{f.Key} {f.Value}"))}");
        output.WriteLine($"phrases: {statistics.Phrases}");
        output.WriteLine($"events: {statistics.Events}");
        output.WriteLine(Invariant($"events per phrase: mean {statistics.MeanEventsPerPhrase:0.0}, median {statistics.MedianEventsPerPhrase:0.#}"));
        output.WriteLine($"parse failures: {failures.Count}");
        foreach (var (root, failure) in failures.Take(FailuresShown))
        {
            output.WriteLine($"  {Path.Combine(root, failure.Path)}: {failure.Reason}");
        }

        output.WriteLine($"vocabulary: {statistics.DistinctTokens} of {Vocabulary.Size} tokens occur");
        output.WriteLine("event types: " + string.Join(", ", statistics.EventTypes.Select(t =>
            Invariant($"{t.Key} {t.Value} ({(statistics.Events == 0 ? 0 : 100.0 * t.Value / statistics.Events):0.0}%)"))));
        var top = statistics.TokenCounts.Select((count, token) => (count, token)).Where(t => t.count > 0).OrderByDescending(t => t.count).Take(8);
        output.WriteLine("top events: " + string.Join(", ", top.Select(t => $"{Vocabulary.Describe(t.token)} {t.count}")));
        output.WriteLine(statistics.LowestPitch is { } low && statistics.HighestPitch is { } high
            ? $"pitch range: {low}-{high}"
            : "pitch range: none");
        output.WriteLine(Invariant($"load time: {string.Join(", ", results.Select(r => $"{Path.GetFileName(r.Root)} {r.Elapsed.TotalSeconds:0.00} s ({r.FilesParsed} parsed, {r.FilesFromCache} from cache)"))}"));
        foreach (var result in results)
        {
            output.WriteLine(result.CacheProblem is { } problem ? $"cache: {problem}" : $"cache: {result.CachePath ?? "off"}");
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>Moves a Spectre progress bar; the loader reports from worker threads, so updates are locked.</summary>
    private sealed class ProgressTaskReporter(ProgressTask task) : IProgress<CorpusLoadProgress>
    {
        private readonly Lock _gate = new();

        public void Report(CorpusLoadProgress value)
        {
            lock (_gate)
            {
                task.MaxValue = Math.Max(1, value.FilesTotal);
                task.Value = Math.Max(task.Value, value.FilesDone);
            }
        }
    }
}
