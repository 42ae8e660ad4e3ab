using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Models;
using EdgeMeta.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Tests.Meta;

public sealed class GradientTests
{
    private const double InnerLearningRate = 0.3;

    [Fact]
    public void Fomaml_gradient_equals_the_query_gradient_at_the_adapted_weights_and_maml_differs()
    {
        var task = TaskSplit.Of(SyntheticTasks.Create(1, seed: 11)[0], shots: 2, queryPhrases: 2);
        var fomaml = MetaGradient(new GradientMetaAlgorithm("fomaml", 2, InnerLearningRate, firstOrder: true, adapterOnly: false), task);
        var maml = MetaGradient(new GradientMetaAlgorithm("maml", 2, InnerLearningRate, firstOrder: false, adapterOnly: false), task);

        // First-order formula by hand: φ = θ − α∇L_s twice (gradients detached), then ∇_φ L_q(φ).
        using var model = TinyModels.Create(21);
        using var support = TokenBatch.FromPhrases(task.Support, 32);
        using var query = TokenBatch.FromPhrases(task.Query, 32);
        var phi = model.ParameterMap().ToDictionary(p => p.Key, p => p.Value.detach().clone().requires_grad_(true));
        for (var step = 0; step < 2; step++)
        {
            var loss = MusicModel.Loss(model.FunctionalLogits(support.Inputs, phi), support.Targets);
            var grads = autograd.grad([loss], phi.Values.ToArray());
            phi = phi.Keys.Zip(grads).ToDictionary(p => p.First, p => (phi[p.First] - InnerLearningRate * p.Second).detach().requires_grad_(true));
        }

        var queryLoss = MusicModel.Loss(model.FunctionalLogits(query.Inputs, phi), query.Targets);
        var expected = phi.Keys.Zip(autograd.grad([queryLoss], phi.Values.ToArray())).ToDictionary(p => p.First, p => p.Second.data<float>().ToArray());

        double maxFirstOrderError = 0, maxMamlDifference = 0;
        foreach (var (name, grad) in expected)
        {
            maxFirstOrderError = Math.Max(maxFirstOrderError, grad.Zip(fomaml[name]).Max(p => Math.Abs(p.First - p.Second)));
            maxMamlDifference = Math.Max(maxMamlDifference, maml[name].Zip(fomaml[name]).Max(p => Math.Abs(p.First - p.Second)));
        }

        Assert.True(maxFirstOrderError < 1e-5, $"fomaml vs hand formula: max |Δ| = {maxFirstOrderError:E2}");
        Assert.True(maxMamlDifference > 1e-4, $"maml and fomaml gradients should differ, max |Δ| = {maxMamlDifference:E2}");
    }

    [Fact]
    public void Adapter_inner_step_by_autograd_matches_the_closed_form_softmax_gradient()
    {
        using var model = TinyModels.Create(31);
        var task = SyntheticTasks.Create(1, seed: 12)[0];
        using var support = TokenBatch.FromPhrases(task.Phrases.Take(3).ToArray(), 32);
        var learner = new MetaLearner(model, model.AdapterParameterNames, InnerLearningRate, firstOrder: true).CloneDetached();
        learner.Adapt(learner.Loss(support));

        // Closed form (what the device computes): P = softmax(F Wᵀ + b), dW = (P − Y)ᵀ F / N, db = Σ(P − Y) / N.
        var features = Backbone.ToArray(model.Backbone.call(support.Inputs, null).Features); // [T, B, H]
        var targets = support.Targets.data<long>().ToArray();
        var initial = model.ExportAdapter();
        int v = Vocabulary.Size, h = TinyModels.Config.HiddenSize;
        var dW = new double[v * h];
        var db = new double[v];
        var n = targets.Count(t => t != Vocabulary.Pad);
        Assert.Equal(support.EventCount, n);
        for (var row = 0; row < targets.Length; row++)
        {
            if (targets[row] == Vocabulary.Pad)
            {
                continue;
            }

            var f = features.AsSpan(row * h, h);
            var logits = new double[v];
            for (var k = 0; k < v; k++)
            {
                double sum = initial.HeadBias[k];
                for (var j = 0; j < h; j++)
                {
                    sum += initial.HeadWeight[k * h + j] * f[j];
                }

                logits[k] = sum;
            }

            var max = logits.Max();
            var z = logits.Sum(l => Math.Exp(l - max));
            for (var k = 0; k < v; k++)
            {
                var residual = Math.Exp(logits[k] - max) / z - (k == targets[row] ? 1 : 0);
                db[k] += residual / n;
                for (var j = 0; j < h; j++)
                {
                    dW[k * h + j] += residual * f[j] / n;
                }
            }
        }

        var adaptedWeight = Backbone.ToArray(learner.Weights[MusicModel.AdapterPrefix + "head.weight"]);
        var adaptedBias = Backbone.ToArray(learner.Weights[MusicModel.AdapterPrefix + "head.bias"]);
        var weightError = Enumerable.Range(0, v * h).Max(i => Math.Abs(adaptedWeight[i] - (initial.HeadWeight[i] - InnerLearningRate * dW[i])));
        var biasError = Enumerable.Range(0, v).Max(i => Math.Abs(adaptedBias[i] - (initial.HeadBias[i] - InnerLearningRate * db[i])));
        Assert.True(weightError < 1e-5, $"head.weight max error {weightError:E2}");
        Assert.True(biasError < 1e-5, $"head.bias max error {biasError:E2}");
        Assert.True(db.Max(Math.Abs) > 1e-3, "the gradient must not be trivially zero");
    }

    [Fact]
    public void A_meta_step_leaves_no_tensor_alive_outside_its_dispose_scope()
    {
        var tasks = SyntheticTasks.Create(8, seed: 13);
        var sampler = new TaskSampler(tasks, new TaskSamplerSettings(2, 2, 2, 1, 0.1), seed: 3);
        using var model = TinyModels.Create(41);
        using var optimizer = optim.Adam(model.parameters(), 0.01);
        var algorithm = MetaAlgorithms.Create(new TrainingConfig(Algorithm: "anil", InnerSteps: 2));
        void Step(long s)
        {
            using var scope = NewDisposeScope();
            optimizer.zero_grad();
            algorithm.AccumulateGradients(model, sampler.Sample(s), 32);
            optimizer.step();
        }

        Step(1); // the first step creates the optimiser's state and the .grad tensors
        var live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        for (var s = 2; s <= 4; s++)
        {
            Step(s);
        }

        Assert.Equal(live, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    private static Dictionary<string, float[]> MetaGradient(IMetaAlgorithm algorithm, TaskSplit task)
    {
        using var model = TinyModels.Create(21);
        algorithm.AccumulateGradients(model, [task], 32);
        return model.named_parameters().ToDictionary(p => p.name, p => p.parameter.grad!.data<float>().ToArray());
    }
}
