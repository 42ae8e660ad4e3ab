using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Tests.Adaptation;

/// <summary>
/// The device's closed-form adapter gradient against TorchSharp autograd through the trainer's own
/// adapter forward and loss (<see cref="AdapterModule.Functional"/>, <see cref="MusicModel.Loss"/>),
/// on the same features: the device must optimise what meta-training optimised.
/// </summary>
public sealed class AdapterGradientParityTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Device_gradient_equals_TorchSharp_autograd_to_1e_minus_5(int rank)
    {
        const int N = 37, F = 24;
        var random = new Random(7);
        var adapter = new AdapterParameters(Vocabulary.Size, F, rank);
        foreach (var (_, _, data) in adapter.Tensors())
        {
            Fill(data, random, 0.3f);
        }

        var features = new float[N * F];
        Fill(features, random, 1f);
        var targets = Enumerable.Range(0, N).Select(_ => random.Next(Vocabulary.Size)).ToArray();
        var batch = new SupportBatch(features, targets, F);

        var deviceGradient = new AdapterParameters(Vocabulary.Size, F, rank);
        float deviceLoss = new AdapterGradient().LossAndGradient(adapter, batch, deviceGradient);

        using var scope = NewDisposeScope();
        var weights = adapter.Tensors().ToDictionary(
            t => t.Name,
            t => tensor(t.Data, t.Shape.Select(s => (long)s).ToArray()).requires_grad_(true));
        var h = tensor(features, [N, F]);
        var logits = AdapterModule.Functional(h, weights);
        var loss = MusicModel.Loss(logits, tensor(targets.Select(t => (long)t).ToArray()));
        loss.backward();

        Assert.Equal(loss.item<float>(), deviceLoss, 1e-5f);
        foreach (var (name, _, data) in deviceGradient.Tensors())
        {
            var expected = weights[name].grad!.data<float>().ToArray();
            var worst = expected.Zip(data, (e, a) => Math.Abs(e - a)).Max();
            Assert.True(worst < 1e-5f, $"{name}: largest difference {worst}");
        }
    }

    private static void Fill(float[] data, Random random, float scale)
    {
        for (int i = 0; i < data.Length; i++)
        {
            data[i] = (float)(random.NextDouble() * 2 - 1) * scale;
        }
    }
}
