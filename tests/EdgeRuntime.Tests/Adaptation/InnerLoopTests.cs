using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

public sealed class InnerLoopTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Support_loss_decreases_at_every_step(int rank)
    {
        var start = AdapterTestData.RandomAdapter(40, 24, rank, seed: 10, scale: 0.1f);
        var batch = AdapterTestData.RandomBatch(60, 24, 40, seed: 11);
        var loop = new InnerLoop(new InnerLoopSettings(Steps: 8, LearningRate: 0.5f));

        var result = loop.Adapt(start, batch);

        Assert.Equal(8, result.StepsTaken);
        Assert.Equal(9, result.SupportLoss.Count);
        for (int i = 1; i < result.SupportLoss.Count; i++)
        {
            Assert.True(result.SupportLoss[i] < result.SupportLoss[i - 1], $"step {i}: {result.SupportLoss[i]} !< {result.SupportLoss[i - 1]}");
        }

        Assert.Equal(AdaptationStopReason.Completed, result.StopReason);
    }

    [Fact]
    public void Adapting_leaves_the_start_parameters_untouched()
    {
        var start = AdapterTestData.RandomAdapter(20, 8, 2, seed: 12);
        var before = start.Clone();
        var batch = AdapterTestData.RandomBatch(10, 8, 20, seed: 13);

        var result = new InnerLoop(new InnerLoopSettings()).Adapt(start, batch);

        Assert.Equal(before.HeadWeight, start.HeadWeight);
        Assert.Equal(before.LoraUp, start.LoraUp);
        Assert.NotEqual(start.HeadWeight, result.Adapted.HeadWeight);
    }

    [Fact]
    public void One_step_moves_each_parameter_by_minus_learning_rate_times_gradient()
    {
        var start = AdapterTestData.RandomAdapter(12, 6, 2, seed: 14);
        var batch = AdapterTestData.RandomBatch(9, 6, 12, seed: 15);
        var grad = new AdapterParameters(12, 6, 2);
        new AdapterGradient().LossAndGradient(start, batch, grad);

        var result = new InnerLoop(new InnerLoopSettings(Steps: 1, LearningRate: 0.25f)).Adapt(start, batch);

        for (int i = 0; i < start.LoraDown.Length; i++)
        {
            Assert.Equal(start.LoraDown[i] - 0.25f * grad.LoraDown[i], result.Adapted.LoraDown[i], 1e-6f);
        }

        Assert.Equal(start.HeadBias[3] - 0.25f * grad.HeadBias[3], result.Adapted.HeadBias[3], 1e-6f);
    }

    [Fact]
    public void Step_cap_limits_the_steps_below_the_settings()
    {
        var start = AdapterTestData.RandomAdapter(20, 8, 0, seed: 16);
        var batch = AdapterTestData.RandomBatch(10, 8, 20, seed: 17);

        var result = new InnerLoop(new InnerLoopSettings(Steps: 5)).Adapt(start, batch, new AdaptationBudget(2, TimeSpan.MaxValue));

        Assert.Equal(2, result.StepsTaken);
        Assert.Equal(AdaptationStopReason.Completed, result.StopReason);
    }

    [Fact]
    public void Exhausted_time_budget_stops_before_the_next_step_and_says_so()
    {
        var start = AdapterTestData.RandomAdapter(20, 8, 0, seed: 18);
        var batch = AdapterTestData.RandomBatch(10, 8, 20, seed: 19);

        var result = new InnerLoop(new InnerLoopSettings(Steps: 5)).Adapt(start, batch, new AdaptationBudget(int.MaxValue, TimeSpan.Zero));

        Assert.Equal(0, result.StepsTaken);
        Assert.Equal(AdaptationStopReason.TimeBudgetExhausted, result.StopReason);
        Assert.Equal(start.HeadWeight, result.Adapted.HeadWeight);
    }

    [Fact]
    public void A_cancelled_token_stops_the_adaptation()
    {
        var start = AdapterTestData.RandomAdapter(20, 8, 0, seed: 20);
        var batch = AdapterTestData.RandomBatch(10, 8, 20, seed: 21);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        using var loop = new InnerLoop(new InnerLoopSettings());

        Assert.Throws<OperationCanceledException>(() => loop.Adapt(start, batch, cancellationToken: cancelled.Token));
    }

    [Fact]
    public void Optimisers_other_than_sgd_are_refused()
    {
        var ex = Assert.Throws<ArgumentException>(() => new InnerLoop(new InnerLoopSettings(Optimizer: "adam")));

        Assert.Contains("adam", ex.Message, StringComparison.Ordinal);
    }
}
