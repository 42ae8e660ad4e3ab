using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

/// <summary>The velocity rows of the head step <see cref="InnerLoopSettings.VelocityRateScale"/> times as far, on every engine.</summary>
public sealed class VelocityRateScaleTests
{
    private const int F = 16;

    [Theory]
    [InlineData(InnerLoopEngine.TiledKernel)]
    [InlineData(InnerLoopEngine.OnnxRuntime)]
    public void One_step_moves_the_velocity_rows_three_times_as_far_and_every_other_row_the_same(InnerLoopEngine engine)
    {
        var start = AdapterTestData.RandomAdapter(Vocabulary.Size, F, 0, seed: 40, scale: 0.1f);
        var batch = AdapterTestData.RandomBatch(120, F, Vocabulary.Size, seed: 41);
        using var uniform = new InnerLoop(new InnerLoopSettings(Steps: 1, LearningRate: 0.5f), engine);
        using var faster = new InnerLoop(new InnerLoopSettings(Steps: 1, LearningRate: 0.5f, VelocityRateScale: 3f), engine);

        var plain = uniform.Adapt(start, batch).Adapted;
        var scaled = faster.Adapt(start, batch).Adapted;

        var velocityMoves = 0;
        for (var row = 0; row < Vocabulary.Size; row++)
        {
            var factor = row is >= Vocabulary.VelocityOffset and < Vocabulary.VelocityOffset + Vocabulary.VelocityBins ? 3f : 1f;
            var plainMove = plain.HeadBias[row] - start.HeadBias[row];
            Assert.Equal(factor * plainMove, scaled.HeadBias[row] - start.HeadBias[row], 1e-5f);
            for (var k = 0; k < F; k++)
            {
                var i = row * F + k;
                Assert.Equal(factor * (plain.HeadWeight[i] - start.HeadWeight[i]), scaled.HeadWeight[i] - start.HeadWeight[i], 1e-5f);
            }

            velocityMoves += factor > 1f && Math.Abs(plainMove) > 1e-6f ? 1 : 0;
        }

        Assert.True(velocityMoves > 16, $"only {velocityMoves} velocity rows moved at all; the test batch should reach most of them");
    }

    [Fact]
    public void The_onnx_graph_and_the_tiled_kernel_agree_with_a_faster_velocity_step()
    {
        var settings = new InnerLoopSettings(Steps: 5, LearningRate: 0.5f, VelocityRateScale: 3f);
        var start = AdapterTestData.RandomAdapter(Vocabulary.Size, F, 0, seed: 42, scale: 0.1f);
        var batch = AdapterTestData.RandomBatch(150, F, Vocabulary.Size, seed: 43);
        using var kernel = new InnerLoop(settings, InnerLoopEngine.TiledKernel);
        using var onnx = new InnerLoop(settings, InnerLoopEngine.OnnxRuntime);

        var expected = kernel.Adapt(start, batch);
        var actual = onnx.Adapt(start, batch);

        Assert.Equal(expected.SupportLoss[^1], actual.SupportLoss[^1], 1e-5f);
        for (var i = 0; i < expected.Adapted.HeadWeight.Length; i++)
        {
            Assert.True(Math.Abs(expected.Adapted.HeadWeight[i] - actual.Adapted.HeadWeight[i]) <= 1e-5f, $"head.weight[{i}]");
        }
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(-1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_velocity_rate_scale_that_is_not_a_positive_number_is_refused(float scale)
    {
        Assert.Throws<ArgumentException>(() => new InnerLoop(new InnerLoopSettings(VelocityRateScale: scale)));
        Assert.Throws<ArgumentException>(() => new DuetSettings { VelocityRateScale = scale }.Validate());
    }

    [Fact]
    public void The_duet_keeps_the_models_steps_and_rate_and_sets_its_velocity_step()
    {
        var model = new InnerLoopSettings(Steps: 7, LearningRate: 0.25f, ReptileEpsilon: 0.3f);

        var duet = new DuetSettings { VelocityRateScale = 3f }.InnerLoopFor(model);

        Assert.Equal(model with { VelocityRateScale = 3f }, duet);
        Assert.Equal(model, new DuetSettings().InnerLoopFor(model));
    }
}
