using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

/// <summary>Every engine and register width adapts to the same adapter as the 256-bit tiled kernel the runtime used before.</summary>
public sealed class InnerLoopEngineTests
{
    private static readonly InnerLoopSettings Settings = new(Steps: 5, LearningRate: 0.5f);

    public static TheoryData<InnerLoopEngine, int, int, int> Variants => new()
    {
        { InnerLoopEngine.TiledKernel, 128, 1, 0 },
        { InnerLoopEngine.TiledKernel, 128, 1, 4 },
        { InnerLoopEngine.TiledKernel, 512, 1, 0 },
        { InnerLoopEngine.TiledKernel, 512, 1, 4 },
        { InnerLoopEngine.OnnxRuntime, 256, 1, 0 },
        { InnerLoopEngine.OnnxRuntime, 256, 2, 0 },
        { InnerLoopEngine.OnnxRuntime, 256, 1, 4 }, // rank 4 falls back to the tiled kernel
        { InnerLoopEngine.Auto, 0, 1, 0 },
        { InnerLoopEngine.Auto, 0, 1, 4 },
    };

    [Theory]
    [MemberData(nameof(Variants))]
    public void Variant_adapts_to_the_reference_adapter_within_float_rounding(InnerLoopEngine engine, int bits, int threads, int rank)
    {
        // V = 45 and F = 40 are not multiples of any tile, n = 150 spans two depth blocks of the kernel.
        var start = AdapterTestData.RandomAdapter(45, 40, rank, seed: 30, scale: 0.1f);
        var batch = AdapterTestData.RandomBatch(150, 40, 45, seed: 31);
        using var reference = new InnerLoop(Settings, InnerLoopEngine.TiledKernel, KernelWidth.Vector256, onnxThreads: 1);
        using var variant = bits == 0 ? new InnerLoop(Settings, engine) : new InnerLoop(Settings, engine, AdapterTestData.Width(bits), threads);

        var expected = reference.Adapt(start, batch);
        var actual = variant.Adapt(start, batch);

        Assert.Equal(expected.StepsTaken, actual.StepsTaken);
        for (int i = 0; i < expected.SupportLoss.Count; i++)
        {
            Assert.Equal(expected.SupportLoss[i], actual.SupportLoss[i], 1e-5f);
        }

        foreach (var ((name, _, want), (_, _, got)) in expected.Adapted.Tensors().Zip(actual.Adapted.Tensors()))
        {
            for (int i = 0; i < want.Length; i++)
            {
                Assert.True(Math.Abs(want[i] - got[i]) <= 1e-5f, $"{name}[{i}]: {got[i]} vs reference {want[i]}");
            }
        }

        Assert.Equal(expected.SupportLoss[^1], variant.NegativeLogLikelihood(actual.Adapted, batch), 1e-5f);
    }

    [Fact]
    public void Onnx_engine_lowers_the_loss_to_the_plain_double_precision_value()
    {
        var start = AdapterTestData.RandomAdapter(30, 16, 0, seed: 32, scale: 0.1f);
        var batch = AdapterTestData.RandomBatch(70, 16, 30, seed: 33);
        using var loop = new InnerLoop(Settings, InnerLoopEngine.OnnxRuntime);

        var result = loop.Adapt(start, batch);

        Assert.Equal(AdapterTestData.ReferenceLoss(start, batch), result.SupportLoss[0], 1e-5);
        Assert.Equal(AdapterTestData.ReferenceLoss(result.Adapted, batch), result.SupportLoss[^1], 1e-5);
        Assert.True(result.SupportLoss[^1] < result.SupportLoss[0]);
    }

    [Fact]
    public void Onnx_engine_reusing_its_targets_for_a_smaller_batch_adapts_as_a_fresh_engine_does()
    {
        var start = AdapterTestData.RandomAdapter(30, 16, 0, seed: 36, scale: 0.1f);
        var large = AdapterTestData.RandomBatch(90, 16, 30, seed: 37);
        var small = AdapterTestData.RandomBatch(40, 16, 30, seed: 38);
        using var reused = new InnerLoop(Settings, InnerLoopEngine.OnnxRuntime);
        using var fresh = new InnerLoop(Settings, InnerLoopEngine.OnnxRuntime);

        reused.Adapt(start, large);
        var again = reused.Adapt(start, small);
        var expected = fresh.Adapt(start, small);

        Assert.Equal(expected.SupportLoss, again.SupportLoss);
        Assert.Equal(expected.Adapted.HeadWeight, again.Adapted.HeadWeight);
        Assert.Equal(expected.Adapted.HeadBias, again.Adapted.HeadBias);
    }

    [Theory]
    [InlineData(InnerLoopEngine.OnnxRuntime, 0)]
    [InlineData(InnerLoopEngine.TiledKernel, 0)]
    [InlineData(InnerLoopEngine.TiledKernel, 3)]
    public void A_batch_of_the_first_rows_of_longer_reused_arrays_adapts_exactly_as_the_exact_batch(InnerLoopEngine engine, int rank)
    {
        var start = AdapterTestData.RandomAdapter(30, 16, rank, seed: 39, scale: 0.1f);
        var exact = AdapterTestData.RandomBatch(40, 16, 30, seed: 40);
        var features = new float[70 * 16];
        var targets = new int[70];
        Array.Fill(features, 123f);   // rows past the count hold garbage that must not be read
        Array.Fill(targets, 29);
        exact.Features.CopyTo(features, 0);
        exact.Targets.CopyTo(targets, 0);
        var view = new SupportBatch(features, targets, 40, 16);
        using var loop = new InnerLoop(Settings, engine);
        using var reference = new InnerLoop(Settings, engine);

        var got = loop.Adapt(start, view);
        var want = reference.Adapt(start, exact);

        Assert.Equal(40, view.Count);
        Assert.Equal(want.SupportLoss, got.SupportLoss);
        Assert.Equal(want.Adapted.HeadWeight, got.Adapted.HeadWeight);
        Assert.Equal(want.Adapted.LoraUp, got.Adapted.LoraUp);
    }

    [Fact]
    public void Onnx_engine_honours_the_step_cap_and_leaves_the_start_untouched()
    {
        var start = AdapterTestData.RandomAdapter(30, 16, 0, seed: 34);
        var before = start.Clone();
        var batch = AdapterTestData.RandomBatch(20, 16, 30, seed: 35);
        using var loop = new InnerLoop(Settings, InnerLoopEngine.OnnxRuntime);

        var result = loop.Adapt(start, batch, new AdaptationBudget(2, TimeSpan.MaxValue));

        Assert.Equal(2, result.StepsTaken);
        Assert.Equal(3, result.SupportLoss.Count);
        Assert.Equal(before.HeadWeight, start.HeadWeight);
        Assert.Equal(before.HeadBias, start.HeadBias);
    }

    [Fact]
    public void Onnx_engine_refuses_a_target_outside_the_vocabulary()
    {
        var start = AdapterTestData.RandomAdapter(10, 8, 0, seed: 36);
        var batch = new SupportBatch(new float[2 * 8], [3, 10], 8);
        using var loop = new InnerLoop(Settings, InnerLoopEngine.OnnxRuntime);

        var error = Assert.Throws<ArgumentException>(() => loop.Adapt(start, batch));

        Assert.Contains("10", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Prepare_changes_nothing_the_next_adaptation_computes(int rank)
    {
        var start = AdapterTestData.RandomAdapter(30, 16, rank, seed: 37, scale: 0.1f);
        var before = start.Clone();
        var batch = AdapterTestData.RandomBatch(40, 16, 30, seed: 38);
        using var cold = new InnerLoop(Settings);
        using var prepared = new InnerLoop(Settings);

        prepared.Prepare(start);
        var expected = cold.Adapt(start, batch);
        var actual = prepared.Adapt(start, batch);

        Assert.Equal(before.HeadWeight, start.HeadWeight);
        Assert.Equal(expected.Adapted.HeadWeight, actual.Adapted.HeadWeight);
        Assert.Equal(expected.Adapted.LoraDown, actual.Adapted.LoraDown);
        Assert.Equal(expected.SupportLoss, actual.SupportLoss);
    }
}
