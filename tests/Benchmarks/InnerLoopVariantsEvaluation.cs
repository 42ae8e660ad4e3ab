using System.Globalization;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// Does a cheaper inner loop lose NLL? The README's few-shot protocol (held-out families, support = first K
/// phrases, query = 4 phrases after the 8th, up to 40 tasks per family) on a model folder, with the device
/// adapter under several inner loops: the shipped one, fewer steps with larger step sizes, and adaptation on
/// the most recent phrases only. The runtime of each is proportional to steps × support events (see
/// AdaptationBenchmark), so this answers only the accuracy half of the question.
/// Run: dotnet run -c Release --project tests/Benchmarks -- inner-loop-nll --model models/default --data ../shared/data
/// </summary>
internal static class InnerLoopVariantsEvaluation
{
    private static readonly string[] Corpora = ["jsb", "nottingham", "ryans_mammoth", "oneills_1850"];
    private static readonly string[] HeldOutFamilies = ["jsb/test", "nottingham/waltzes", "ryans_mammoth/strathspey", "oneills_1850/march"];

    public static void Run(string[] args)
    {
        string model = Option(args, "--model") ?? "models/default";
        string data = Option(args, "--data") ?? "../shared/data";
        var loaded = ModelFolder.Load(model);
        var tasks = CorpusTasks.Load([.. Corpora.Select(c => Path.Combine(data, c))], Console.WriteLine);
        var (_, heldOut) = HoldoutSplit.Split(tasks, HeldOutFamilies);
        using var backbone = new OnnxBackbone(loaded.BackbonePath, new BackboneSessionOptions { IntraOpThreads = 1 });
        var shipped = loaded.InnerLoop;
        var methods = new List<IFewShotMethod>
        {
            new DeviceAdapterMethod(Describe(shipped) + " (shipped)", backbone, loaded.InitialAdapter, shipped),
            new DeviceAdapterMethod(Describe(shipped with { Steps = 3, LearningRate = 0.8f }), backbone, loaded.InitialAdapter, shipped with { Steps = 3, LearningRate = 0.8f }),
            new DeviceAdapterMethod(Describe(shipped with { Steps = 3, LearningRate = 1.0f }), backbone, loaded.InitialAdapter, shipped with { Steps = 3, LearningRate = 1.0f }),
            new DeviceAdapterMethod(Describe(shipped with { Steps = 2, LearningRate = 1.25f }), backbone, loaded.InitialAdapter, shipped with { Steps = 2, LearningRate = 1.25f }),
            new RecentPhrasesMethod(backbone, loaded.InitialAdapter, shipped, recent: 4),
        };
        var settings = new FewShotSettings { Shots = [1, 2, 4, 8], MaxTasksPerFamily = 40, FixedQuery = true, MaxQueryPhrases = 4 };
        var results = new FewShotRunner(settings).Run(heldOut, methods);
        Console.WriteLine("| inner loop | K | NLL (nats/event) | accuracy |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var row in results.Summarise(FewShotResults.AllFamilies))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {row.Method} | {row.Shots} | {row.NllPerEvent.Format()} | {row.Accuracy.Format()} |"));
        }
    }

    private static string Describe(InnerLoopSettings s) => string.Create(CultureInfo.InvariantCulture, $"{s.Steps} steps at lr {s.LearningRate}");

    private static string? Option(string[] args, string name)
    {
        int i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    /// <summary>The device adapter adapted on the last <c>recent</c> support phrases only.</summary>
    private sealed class RecentPhrasesMethod(IFeatureBackbone backbone, AdapterParameters initial, InnerLoopSettings settings, int recent) : IFewShotMethod
    {
        private readonly InnerLoop _loop = new(settings);

        public string Name { get; } = string.Create(CultureInfo.InvariantCulture, $"{settings.Steps} steps at lr {settings.LearningRate}, last {recent} phrases only");

        public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
        {
            var support = episode.Support.Skip(Math.Max(0, episode.Support.Count - recent)).ToList();
            var head = new AdapterHead(_loop.Adapt(initial, PhraseFeatures.Batch(backbone, support)).Adapted);
            var logits = new float[Vocabulary.Size];
            var results = new List<SequenceDistributions>(episode.Query.Count);
            foreach (var query in episode.Query)
            {
                int[] sequence = query.ToModelSequence();
                int positions = sequence.Length - 1;
                float[] features = backbone.RunSequence(sequence.AsSpan(0, positions));
                var all = new float[positions * Vocabulary.Size];
                for (int t = 0; t < positions; t++)
                {
                    head.Forward(features.AsSpan(t * backbone.FeatureSize, backbone.FeatureSize), logits);
                    logits.CopyTo(all, t * Vocabulary.Size);
                }

                results.Add(SequenceDistributions.FromLogits(all, positions, Vocabulary.Size));
            }

            return results;
        }
    }
}
