using EdgeMeta.EdgeRuntime.Markov;

namespace EdgeMeta.EdgeRuntime.Tests.Markov;

public sealed class EntropyWeightedMixtureTests
{
    private static readonly double[] Peaked = [0.85, 0.05, 0.05, 0.05];
    private static readonly double[] Flat = [0.25, 0.25, 0.25, 0.25];
    private static readonly double[] Other = [0.1, 0.6, 0.2, 0.1];

    [Theory]
    [InlineData(MixtureCombination.Geometric)]
    [InlineData(MixtureCombination.Arithmetic)]
    public void Mixture_is_a_distribution(MixtureCombination combination)
    {
        var mixed = new double[4];

        new EntropyWeightedMixture(1.0, combination).Mix(Peaked, Other, mixed);

        Assert.All(mixed, p => Assert.True(p > 0));
        Assert.Equal(1.0, mixed.Sum(), 12);
    }

    [Theory]
    [InlineData(MixtureCombination.Geometric)]
    [InlineData(MixtureCombination.Arithmetic)]
    public void Mixing_a_distribution_with_itself_returns_it(MixtureCombination combination)
    {
        var mixed = new double[4];

        new EntropyWeightedMixture(2.0, combination).Mix(Other, Other, mixed);

        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(Other[i], mixed[i], 12);
        }
    }

    [Fact]
    public void Confident_model_gets_more_weight_than_a_flat_one()
    {
        var mixed = new double[4];

        new EntropyWeightedMixture(1.0, MixtureCombination.Arithmetic).Mix(Peaked, Flat, mixed);

        // Equal weights would give (0.85 + 0.25) / 2 = 0.55.
        Assert.True(mixed[0] > 0.55, $"p = {mixed[0]}");
    }

    [Fact]
    public void Zero_bias_weights_both_models_equally()
    {
        var mixed = new double[4];

        new EntropyWeightedMixture(0.0, MixtureCombination.Arithmetic).Mix(Peaked, Flat, mixed);

        Assert.Equal(0.55, mixed[0], 12);
    }

    [Fact]
    public void Negative_bias_is_rejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new EntropyWeightedMixture(-1.0));
    }
}
