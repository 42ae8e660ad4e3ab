using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Meta;

/// <summary>
/// Reptile (Nichol et al. 2018): per task, k SGD steps on the task's phrases from a detached copy of θ; the
/// meta-gradient written into θ.grad is mean(θ − φ), so an outer SGD with learning rate ε gives
/// θ ← θ + ε·mean(φ − θ). Over all parameters, or over the adapter only (what the device does across sessions).
/// </summary>
public sealed class ReptileAlgorithm : IMetaAlgorithm
{
    private readonly int _steps;
    private readonly double _learningRate;
    private readonly bool _adapterOnly;

    public ReptileAlgorithm(int steps, double learningRate, bool adapterOnly)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        _steps = steps;
        _learningRate = learningRate;
        _adapterOnly = adapterOnly;
    }

    public string Name => "reptile";

    public MetaStepResult AccumulateGradients(MusicModel model, IReadOnlyList<TaskSplit> tasks, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        var names = _adapterOnly ? model.AdapterParameterNames : model.ParameterMap().Keys.ToArray();
        var learner = new MetaLearner(model, names, _learningRate, firstOrder: true);
        double total = 0;
        long events = 0;
        foreach (var task in tasks)
        {
            using var support = TokenBatch.FromPhrases(task.Support, maxEvents);
            using var query = TokenBatch.FromPhrases(task.Query, maxEvents);
            var clone = learner.CloneDetached();
            for (var step = 0; step < _steps; step++)
            {
                clone.Adapt(clone.Loss(support));
            }

            learner.AccumulateReptileGradient(clone, tasks.Count);
            using (no_grad())
            {
                total += clone.Loss(query).item<float>();
            }

            events += support.EventCount * (_adapterOnly ? 1 : _steps) + query.EventCount;
        }

        return new MetaStepResult(total / tasks.Count, events);
    }
}
