using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class DeviceAdapterMethodTests
{
    [Fact]
    public void Device_inner_loop_lowers_query_NLL_below_the_unadapted_adapter()
    {
        var backbone = new EmbeddingBackbone(featureSize: 16, seed: 3);
        var init = new AdapterParameters(Vocabulary.Size, 16); // zeros: uniform predictions
        var unadapted = new DeviceAdapterMethod("unadapted", backbone, init, innerLoop: null);
        var adapted = new DeviceAdapterMethod("device adapter", backbone, init, new InnerLoopSettings(Steps: 20, LearningRate: 1.0f));
        var tasks = new[] { SyntheticTasks.Riff("reels", "a.mid", 4), SyntheticTasks.Riff("jigs", "b.mid", 4, transpose: 3) };

        var rows = new FewShotRunner(new FewShotSettings { Shots = [2] }).Run(tasks, [unadapted, adapted]).Summarise(FewShotResults.AllFamilies);

        var before = rows.Single(r => r.Method == "unadapted");
        var after = rows.Single(r => r.Method == "device adapter");
        Assert.Equal(Math.Log(Vocabulary.Size), before.NllPerEvent.Mean, 4);
        Assert.True(after.NllPerEvent.Mean < before.NllPerEvent.Mean - 1, $"adapted {after.NllPerEvent.Mean} vs unadapted {before.NllPerEvent.Mean}");
        Assert.NotNull(after.Style);
        Assert.Equal(0.0, init.HeadWeight.Max(w => Math.Abs(w))); // the meta-learned init is never modified
    }

    [Fact]
    public void Adapter_that_does_not_fit_the_backbone_is_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new DeviceAdapterMethod("x", new EmbeddingBackbone(8, 1), new AdapterParameters(Vocabulary.Size, 16), null));

        Assert.Contains("F=8", error.Message, StringComparison.Ordinal);
    }
}
