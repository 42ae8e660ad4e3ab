using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;

namespace EdgeMeta.Trainer.Meta;

/// <summary>The baseline: plain multi-task language modelling on every phrase of the meta-batch (support and query).</summary>
public sealed class PretrainAlgorithm : IMetaAlgorithm
{
    public string Name => "pretrain";

    public MetaStepResult AccumulateGradients(MusicModel model, IReadOnlyList<TaskSplit> tasks, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        var phrases = tasks.SelectMany(t => t.Support.Concat(t.Query)).ToArray();
        using var batch = TokenBatch.FromPhrases(phrases, maxEvents);
        var loss = MusicModel.Loss(model.call(batch.Inputs), batch.Targets);
        loss.backward();
        return new MetaStepResult(loss.item<float>(), batch.EventCount);
    }
}
