using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Evaluation;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Training;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Tests.Meta;

/// <summary>Meta-SGD's per-row inner rates (training.metaSgd).</summary>
public sealed class MetaSgdTests : IDisposable
{
    private const double InnerLearningRate = 0.5;
    private readonly string _root = Directory.CreateTempSubdirectory("edgemeta-metasgd-").FullName;

    [Fact]
    public void An_inner_step_with_row_rates_moves_each_head_row_by_its_own_rate()
    {
        using var model = TinyModels.Create(41);
        var task = SyntheticTasks.Create(1, seed: 13)[0];
        using var support = TokenBatch.FromPhrases(task.Phrases.Take(3).ToArray(), 32);
        var rates = Enumerable.Range(0, Vocabulary.Size).Select(v => 0.05f + (0.01f * (v % 97))).ToArray();
        using var rowRates = tensor(rates);

        // The plain step at rate 1 gives the gradient itself: g = θ − φ.
        var unit = new MetaLearner(model, model.AdapterParameterNames, 1.0, firstOrder: true).CloneDetached();
        unit.Adapt(unit.Loss(support));
        var rowed = new MetaLearner(model, model.AdapterParameterNames, 1.0, firstOrder: true, rowRates).CloneDetached();
        rowed.Adapt(rowed.Loss(support));

        var own = model.ParameterMap();
        foreach (var name in model.AdapterParameterNames)
        {
            var theta = own[name].detach().data<float>().ToArray();
            var g = unit.Weights[name].detach().data<float>().ToArray().Select((phi, i) => theta[i] - phi).ToArray();
            var moved = rowed.Weights[name].detach().data<float>().ToArray().Select((phi, i) => theta[i] - phi).ToArray();
            var columns = g.Length / Vocabulary.Size; // H for the weight [V, H], 1 for the bias [V]
            Assert.Contains(g, x => Math.Abs(x) > 1e-6f);
            for (var i = 0; i < g.Length; i++)
            {
                var expected = rates[i / columns] * g[i];
                Assert.True(Math.Abs(expected - moved[i]) <= 1e-6f + (1e-4f * Math.Abs(expected)), $"{name}[{i}]: expected {expected}, moved {moved[i]}");
            }
        }
    }

    [Fact]
    public void At_their_initial_value_the_learned_rates_give_the_plain_meta_gradient_and_receive_one_themselves()
    {
        var tasks = SyntheticTasks.Create(2, seed: 14).Select(t => TaskSplit.Of(t, shots: 2, queryPhrases: 2)).ToArray();
        var plain = ModelGradients(new GradientMetaAlgorithm("anil", 2, InnerLearningRate, firstOrder: false, adapterOnly: true), tasks);
        using var rates = InnerRates.Create(InnerLearningRate);
        var learned = ModelGradients(new GradientMetaAlgorithm("anil", 2, InnerLearningRate, firstOrder: false, adapterOnly: true, rates), tasks);

        foreach (var (name, grad) in plain)
        {
            var max = grad.Zip(learned[name]).Max(p => Math.Abs(p.First - p.Second));
            Assert.True(max < 1e-6, $"{name}: the Meta-SGD path at η = α changed the meta-gradient by {max:E2}");
        }

        Assert.False(rates.LogRates.grad is null || rates.LogRates.grad.IsInvalid, "no gradient reached the log-rates");
        var rateGrad = rates.LogRates.grad!.data<float>().ToArray();
        Assert.Equal(Vocabulary.Size, rateGrad.Length);
        Assert.Contains(rateGrad, g => Math.Abs(g) > 1e-7f);
    }

    [Fact]
    public void Training_with_meta_sgd_learns_the_rates_saves_them_and_evaluation_reads_them()
    {
        var tasks = SyntheticTasks.Create(12, seed: 15);
        var config = TinyModels.Run("anil", steps: 2);
        var withRates = Path.Combine(_root, "metasgd");
        var without = Path.Combine(_root, "plain");
        new MetaTrainer(config with { Training = config.Training with { MetaSgd = true } }, tasks, withRates, [], "").Run(resume: false);
        new MetaTrainer(config, tasks, without, [], "").Run(resume: false);

        using var run = TrainedRun.Load(withRates);
        Assert.NotNull(run.Rates);
        var values = run.Rates!.Values();
        Assert.Equal(Vocabulary.Size, values.Length);
        Assert.Contains(values, r => Math.Abs(r - InnerLearningRate) > 1e-4);
        Assert.True(File.Exists(Path.Combine(withRates, MetaTrainer.CheckpointFolder, InnerRates.FileName)));

        using var plain = TrainedRun.Load(without);
        Assert.Null(plain.Rates);
        Assert.False(File.Exists(Path.Combine(without, InnerRates.FileName)));

        // The device cannot use the rates yet: export refuses the run instead of dropping them, and writes nothing.
        var modelDir = Path.Combine(_root, "exported");
        var refused = Assert.Throws<InvalidOperationException>(() => EdgeMeta.Trainer.Export.ModelExporter.Export(run, modelDir));
        Assert.Contains(InnerRates.FileName, refused.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(modelDir) && Directory.EnumerateFileSystemEntries(modelDir).Any());

        // The trainer's evaluation adapts with the learned rates when given them.
        var evaluator = new FewShotEvaluator(2, 2, run.InnerLoop, 32);
        var heldOut = tasks.Where(t => t.Family == "synthetic1").ToArray();
        using var learned = run.Rates.DetachedRates();
        var a = evaluator.Evaluate(run.Model, heldOut, 4, learned).Select(r => r.NllAfter).ToArray();
        var b = evaluator.Evaluate(run.Model, heldOut, 4).Select(r => r.NllAfter).ToArray();
        Assert.NotEmpty(a);
        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Evaluating_a_meta_sgd_run_scores_its_learned_rates_beside_the_plain_loop_that_matches_the_device()
    {
        var tasks = SyntheticTasks.Create(12, seed: 17);
        var config = TinyModels.Run("anil", steps: 3);
        var dir = Path.Combine(_root, "evaluated");
        new MetaTrainer(config with { Training = config.Training with { MetaSgd = true, MetaSgdLearningRate = 0.2 } }, tasks, dir, [], "").Run(resume: false);
        using var run = TrainedRun.Load(dir);
        var heldOut = tasks.Where(t => t.Family == "synthetic1").ToArray();

        var rows = FewShotComparison.Run(run, null, heldOut, new FewShotSettings { Shots = [2] }, Path.Combine(_root, "evaluation"))
            .Summarise(FewShotResults.AllFamilies);

        var device = rows.Single(r => r.Method == "device adapter").NllPerEvent.Mean;
        var plain = rows.Single(r => r.Method == "trainer adapter, plain rate").NllPerEvent.Mean;
        var learned = rows.Single(r => r.Method == "trainer adapter, learned rates (Meta-SGD)").NllPerEvent.Mean;
        Assert.Equal(device, plain, 3);
        Assert.NotEqual(plain, learned, 4);
    }

    [Fact]
    public void A_meta_sgd_run_resumes_bit_identically_rates_included()
    {
        var tasks = SyntheticTasks.Create(12, seed: 16);
        var config = TinyModels.Run("anil", steps: 6);
        config = config with { Training = config.Training with { MetaSgd = true, MetaSgdLearningRate = 0.05 } };
        var straight = Path.Combine(_root, "straight");
        var resumed = Path.Combine(_root, "resumed");
        new MetaTrainer(config, tasks, straight, [], "").Run(resume: false);
        new MetaTrainer(config, tasks, resumed, [], "").Run(resume: false, stopAfterStep: 3);
        new MetaTrainer(config, tasks, resumed, [], "").Run(resume: true);

        using var a = TrainedRun.Load(straight);
        using var b = TrainedRun.Load(resumed);
        Assert.Equal(a.Rates!.Values(), b.Rates!.Values());
        foreach (var ((name, pa), (_, pb)) in a.Model.named_parameters().Zip(b.Model.named_parameters()))
        {
            Assert.True(pa.data<float>().ToArray().SequenceEqual(pb.data<float>().ToArray()), $"{name} differs after resume");
        }
    }

    [Fact]
    public void Meta_sgd_is_refused_for_algorithms_without_a_differentiated_inner_loop()
    {
        var config = TinyModels.Run("reptile", steps: 1).Training with { MetaSgd = true };
        using var rates = InnerRates.Create(InnerLearningRate);
        Assert.Throws<ArgumentException>(() => MetaAlgorithms.Create(config, rates));
        Assert.Throws<ArgumentException>(() => MetaAlgorithms.Create(config with { Algorithm = "anil" }));
    }

    [Fact]
    public void Rates_round_trip_through_their_file_and_summarise_by_token_group()
    {
        var values = Enumerable.Range(0, Vocabulary.Size).Select(v => 0.1f + (v / 1000f)).ToArray();
        using var rates = InnerRates.FromValues(values);
        var path = Path.Combine(_root, InnerRates.FileName);
        rates.Save(path);
        using var loaded = InnerRates.Load(path);
        var back = loaded.Values();
        Assert.True(values.Zip(back).All(p => Math.Abs(p.First - p.Second) <= 1e-6f * p.First));
        var summary = loaded.Summary();
        Assert.Contains("| VELOCITY | 32 | 0.4560 |", summary, StringComparison.Ordinal);
        Assert.Contains("| NOTE_ON | 128 | 0.1000 |", summary, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static Dictionary<string, float[]> ModelGradients(IMetaAlgorithm algorithm, IReadOnlyList<TaskSplit> tasks)
    {
        using var model = TinyModels.Create(42);
        algorithm.AccumulateGradients(model, tasks, 32);
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());
    }
}
