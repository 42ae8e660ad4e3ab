using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;
using EdgeMeta.Trainer.Models;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class TorchModelMethodTests
{
    [Fact]
    public void Fine_tuning_on_the_support_lowers_query_NLL_and_leaves_the_model_unchanged()
    {
        TorchSharp.torch.random.manual_seed(5);
        using var model = new MusicModel(new ModelConfig(EmbeddingSize: 8, HiddenSize: 16, Layers: 1));
        var before = model.ExportAdapter().HeadWeight.ToArray();
        var unadapted = new TorchModelMethod("unadapted", model, steps: 0, learningRate: 1.0);
        var tuned = new TorchModelMethod("fine-tuned", model, steps: 10, learningRate: 1.0);
        var task = SyntheticTasks.Riff("reels", "a.mid", 3);

        var rows = new FewShotRunner(new FewShotSettings { Shots = [2] }).Run([task], [unadapted, tuned]).Summarise(FewShotResults.AllFamilies);

        var nllBefore = rows.Single(r => r.Method == "unadapted").NllPerEvent.Mean;
        var nllAfter = rows.Single(r => r.Method == "fine-tuned").NllPerEvent.Mean;
        Assert.True(nllAfter < nllBefore - 0.5, $"fine-tuned {nllAfter} vs unadapted {nllBefore}");
        Assert.InRange(nllBefore, 0.5 * Math.Log(Vocabulary.Size), 2 * Math.Log(Vocabulary.Size));
        Assert.Equal(before, model.ExportAdapter().HeadWeight);
    }
}
