using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

public sealed class OnlineReptileTests
{
    [Fact]
    public void Profile_moves_epsilon_of_the_way_toward_the_adapted_parameters()
    {
        var profile = AdapterTestData.RandomAdapter(6, 4, 2, seed: 30);
        var adapted = AdapterTestData.RandomAdapter(6, 4, 2, seed: 31);

        var updated = OnlineReptile.Update(profile, adapted, 0.25f);

        foreach (var ((name, _, p), (_, _, a), (_, _, u)) in profile.Tensors().Zip(adapted.Tensors(), updated.Tensors()))
        {
            for (int i = 0; i < p.Length; i++)
            {
                Assert.True(Math.Abs(p[i] + 0.25f * (a[i] - p[i]) - u[i]) < 1e-6f, $"{name}[{i}]");
            }
        }
    }

    [Fact]
    public void Epsilon_one_takes_the_adapted_parameters_and_zero_keeps_the_profile()
    {
        var profile = AdapterTestData.RandomAdapter(6, 4, 0, seed: 32);
        var adapted = AdapterTestData.RandomAdapter(6, 4, 0, seed: 33);

        Assert.Equal(adapted.HeadWeight, OnlineReptile.Update(profile, adapted, 1f).HeadWeight);
        Assert.Equal(profile.HeadBias, OnlineReptile.Update(profile, adapted, 0f).HeadBias);
    }

    [Fact]
    public void Inputs_are_not_modified()
    {
        var profile = AdapterTestData.RandomAdapter(6, 4, 0, seed: 34);
        var copy = profile.Clone();

        OnlineReptile.Update(profile, AdapterTestData.RandomAdapter(6, 4, 0, seed: 35), 0.5f);

        Assert.Equal(copy.HeadWeight, profile.HeadWeight);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(1.5f)]
    [InlineData(float.NaN)]
    public void Epsilon_outside_zero_to_one_is_refused(float epsilon)
    {
        var p = AdapterTestData.RandomAdapter(6, 4, 0, seed: 36);

        Assert.Throws<ArgumentOutOfRangeException>(() => OnlineReptile.Update(p, p, epsilon));
    }

    [Fact]
    public void Adapters_of_different_shapes_are_refused()
    {
        Assert.Throws<ArgumentException>(() => OnlineReptile.Update(
            AdapterTestData.RandomAdapter(6, 4, 0, seed: 37), AdapterTestData.RandomAdapter(6, 4, 1, seed: 38), 0.5f));
    }
}
