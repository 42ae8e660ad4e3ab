using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class ConfidenceIntervalTests
{
    [Fact]
    public void Three_samples_use_t_with_two_degrees_of_freedom()
    {
        // mean 2, s = 1, half width = 4.303 / sqrt(3).
        var interval = ConfidenceInterval.Of([1.0, 2.0, 3.0]);

        Assert.Equal(2.0, interval.Mean, 12);
        Assert.Equal(4.303 / Math.Sqrt(3), interval.HalfWidth, 12);
        Assert.Equal("2.000 ± 2.484", interval.Format());
    }

    [Fact]
    public void Not_a_number_samples_are_left_out()
    {
        var interval = ConfidenceInterval.Of([4.0, double.NaN]);

        Assert.Equal(1, interval.Count);
        Assert.Equal("4.000", interval.Format());
    }

    [Theory]
    [InlineData(40, 2.021)]
    [InlineData(120, 1.980)]
    public void Large_samples_approach_the_exact_t_quantile(int degreesOfFreedom, double exact)
    {
        Assert.Equal(exact, ConfidenceInterval.TQuantile(degreesOfFreedom), 3);
    }
}
