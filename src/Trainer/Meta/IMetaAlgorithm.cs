using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;

namespace EdgeMeta.Trainer.Meta;

/// <summary>
/// One meta-learning algorithm. <see cref="AccumulateGradients"/> fills θ.grad of the model for one
/// meta-batch; the caller zeroes gradients before and lets its optimiser step after.
/// </summary>
public interface IMetaAlgorithm
{
    /// <summary>The name used in configs and on the CLI.</summary>
    string Name { get; }

    /// <summary>Computes the meta-gradient of <paramref name="tasks"/> into the model's .grad tensors.</summary>
    MetaStepResult AccumulateGradients(MusicModel model, IReadOnlyList<TaskSplit> tasks, int maxEvents);
}
