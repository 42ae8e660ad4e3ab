using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Training;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Tests.Meta;

public sealed class AlgorithmTests
{
    [Theory]
    [InlineData("pretrain")]
    [InlineData("reptile")]
    [InlineData("fomaml")]
    [InlineData("maml")]
    [InlineData("anil")]
    public void Each_algorithm_meta_trains_and_adaptation_then_lowers_the_query_loss(string name)
    {
        var tasks = SyntheticTasks.Create(24, seed: 3);
        var config = TinyModels.Run(name, steps: 12).Training with { OuterLearningRate = 0.02 };
        var sampler = new TaskSampler(tasks, new TaskSamplerSettings(MetaBatchSize: 4, Shots: 2, QueryPhrases: 2, MaxTranspose: 0, MaxStretch: 0), seed: 1);
        using var model = TinyModels.Create(5);
        using var optimizer = optim.Adam(model.parameters(), config.OuterLearningRate);
        var algorithm = MetaAlgorithms.Create(config);
        Assert.Equal(name, algorithm.Name);
        for (var step = 1; step <= config.Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            var result = algorithm.AccumulateGradients(model, sampler.Sample(step), 32);
            Assert.True(double.IsFinite(result.Loss) && result.Events > 0);
            optimizer.step();
        }

        var evaluator = new FewShotEvaluator(2, 2, new(Steps: 3, LearningRate: 0.5f), 32);
        var results = evaluator.Evaluate(model, SyntheticTasks.Create(6, seed: 99));
        Assert.Equal(6, results.Count);
        Assert.True(results.Average(r => r.NllAfter) < results.Average(r => r.NllBefore),
            $"{name}: query NLL after {results.Average(r => r.NllAfter):F4} should be below before {results.Average(r => r.NllBefore):F4}");
    }

    [Fact]
    public void Meta_training_with_anil_lowers_the_query_loss_after_adaptation()
    {
        var tasks = SyntheticTasks.Create(24, seed: 3);
        var evaluator = new FewShotEvaluator(2, 2, new(Steps: 2, LearningRate: 0.5f), 32);
        var heldOut = SyntheticTasks.Create(6, seed: 77);
        using var model = TinyModels.Create(5);
        var before = evaluator.Evaluate(model, heldOut).Average(r => r.NllAfter);
        var config = TinyModels.Run("anil", 30).Training with { OuterLearningRate = 0.02 };
        var sampler = new TaskSampler(tasks, new TaskSamplerSettings(4, 2, 2, 0, 0), seed: 2);
        using var optimizer = optim.Adam(model.parameters(), config.OuterLearningRate);
        var algorithm = MetaAlgorithms.Create(config);
        for (var step = 1; step <= config.Steps; step++)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            algorithm.AccumulateGradients(model, sampler.Sample(step), 32);
            optimizer.step();
        }

        var after = evaluator.Evaluate(model, heldOut).Average(r => r.NllAfter);
        Assert.True(after < before - 0.5, $"adapted held-out NLL {after:F3} should fall well below the untrained {before:F3}");
    }

    [Fact]
    public void Unknown_algorithm_names_are_rejected_with_the_valid_names()
    {
        var ex = Assert.Throws<ArgumentException>(() => MetaAlgorithms.Create(new TrainingConfig(Algorithm: "protonet")));
        Assert.Contains("anil", ex.Message, StringComparison.Ordinal);
    }
}
