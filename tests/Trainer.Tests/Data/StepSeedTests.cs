using EdgeMeta.Trainer.Data;

namespace EdgeMeta.Trainer.Tests.Data;

public sealed class StepSeedTests
{
    // Golden values: a seed that depended on the process (as HashCode does) could not match constants.
    [Theory]
    [InlineData(1, 1L, 0x5eed, GoldenA)]
    [InlineData(1, 2L, 0x5eed, GoldenB)]
    [InlineData(7, 1000L, 0xd0, GoldenC)]
    public void Seeds_are_the_same_in_every_process(int seed, long step, int purpose, int expected)
    {
        Assert.Equal(expected, StepSeed.Of(seed, step, purpose));
    }

    [Fact]
    public void Steps_seeds_and_purposes_each_change_the_seed()
    {
        var seeds = new HashSet<int>();
        for (var step = 0; step < 1000; step++)
        {
            seeds.Add(StepSeed.Of(1, step, 1));
            seeds.Add(StepSeed.Of(2, step, 1));
            seeds.Add(StepSeed.Of(1, step, 2));
        }

        Assert.Equal(3000, seeds.Count);
    }

    private const int GoldenA = 1197275123;
    private const int GoldenB = 1732760254;
    private const int GoldenC = 1115489062;
}
