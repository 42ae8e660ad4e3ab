using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

public sealed class AdapterGradientTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    public void Loss_equals_the_plain_double_precision_cross_entropy(int rank)
    {
        // V = 37 and F = 21 are not multiples of any vector width: exercises padding and tails.
        var p = AdapterTestData.RandomAdapter(37, 21, rank, seed: 1);
        var batch = AdapterTestData.RandomBatch(11, 21, 37, seed: 2);

        float loss = new AdapterGradient().Loss(p, batch);

        Assert.Equal(AdapterTestData.ReferenceLoss(p, batch), loss, 1e-5);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void Gradient_matches_central_finite_differences_for_every_tensor(int rank)
    {
        var p = AdapterTestData.RandomAdapter(13, 9, rank, seed: 3, scale: 0.5f);
        var batch = AdapterTestData.RandomBatch(7, 9, 13, seed: 4);
        var grad = new AdapterParameters(13, 9, rank);
        new AdapterGradient().LossAndGradient(p, batch, grad);

        const float H = 1e-2f;
        var gradTensors = grad.Tensors().ToDictionary(t => t.Name, t => t.Data);
        foreach (var (name, _, data) in p.Tensors())
        {
            for (int i = 0; i < data.Length; i++)
            {
                float saved = data[i];
                data[i] = saved + H;
                double plus = AdapterTestData.ReferenceLoss(p, batch);
                data[i] = saved - H;
                double minus = AdapterTestData.ReferenceLoss(p, batch);
                data[i] = saved;
                double numeric = (plus - minus) / (2 * H);
                Assert.True(Math.Abs(numeric - gradTensors[name][i]) < 1e-4,
                    $"{name}[{i}]: analytic {gradTensors[name][i]} vs numeric {numeric}");
            }
        }
    }

    [Fact]
    public void Bias_gradient_sums_to_zero_because_softmax_rows_sum_to_one()
    {
        var p = AdapterTestData.RandomAdapter(50, 16, 0, seed: 5);
        var batch = AdapterTestData.RandomBatch(40, 16, 50, seed: 6);
        var grad = new AdapterParameters(50, 16);

        new AdapterGradient().LossAndGradient(p, batch, grad);

        Assert.Equal(0.0, grad.HeadBias.Sum(), 1e-5);
        Assert.Contains(grad.HeadBias, g => Math.Abs(g) > 1e-3);
    }

    [Fact]
    public void Target_outside_the_vocabulary_is_refused_with_both_numbers()
    {
        var p = AdapterTestData.RandomAdapter(10, 4, 0, seed: 7);
        var batch = new SupportBatch(new float[8], [3, 12], 4);

        var ex = Assert.Throws<ArgumentException>(() => new AdapterGradient().Loss(p, batch));

        Assert.Contains("12", ex.Message, StringComparison.Ordinal);
        Assert.Contains("10", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Features_of_another_width_are_refused()
    {
        var p = AdapterTestData.RandomAdapter(10, 4, 0, seed: 8);
        var batch = AdapterTestData.RandomBatch(3, 5, 10, seed: 9);

        Assert.Throws<ArgumentException>(() => new AdapterGradient().Loss(p, batch));
    }
}
