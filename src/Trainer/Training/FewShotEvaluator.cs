using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Training;

/// <summary>
/// The few-shot protocol: per held-out task, support = first K phrases, query = up to Q following ones;
/// query NLL per event and accuracy with the meta-learned adapter, then again after the device's inner loop
/// (adapter only, plain SGD, the run's steps and learning rate). No augmentation; deterministic.
/// </summary>
public sealed class FewShotEvaluator
{
    private readonly int _shots;
    private readonly int _queryPhrases;
    private readonly InnerLoopSettings _innerLoop;
    private readonly int _maxEvents;

    public FewShotEvaluator(int shots, int queryPhrases, InnerLoopSettings innerLoop, int maxEvents)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(shots);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(queryPhrases);
        ArgumentNullException.ThrowIfNull(innerLoop);
        _shots = shots;
        _queryPhrases = queryPhrases;
        _innerLoop = innerLoop;
        _maxEvents = maxEvents;
    }

    /// <summary>Tasks with more than K phrases, ordered by family then name, at most <paramref name="limit"/>.</summary>
    public IReadOnlyList<MusicTask> EligibleTasks(IReadOnlyList<MusicTask> tasks, int limit = int.MaxValue)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return Data.EligibleTasks.For(tasks, _shots).Take(limit).ToArray();
    }

    /// <summary>Scores every eligible task; the model is left unchanged.</summary>
    /// <param name="model">The model.</param>
    /// <param name="tasks">Held-out tasks.</param>
    /// <param name="limit">At most this many tasks.</param>
    /// <param name="rowRates">Meta-SGD's learned per-row head rates [V] for the inner loop, or null for the plain rate.</param>
    public IReadOnlyList<FewShotTaskResult> Evaluate(MusicModel model, IReadOnlyList<MusicTask> tasks, int limit = int.MaxValue, Tensor? rowRates = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var wasTraining = model.training;
        model.eval();
        try
        {
            var learner = new MetaLearner(model, model.AdapterParameterNames, _innerLoop.LearningRate, firstOrder: true, rowRates);
            var results = new List<FewShotTaskResult>();
            foreach (var task in EligibleTasks(tasks, limit))
            {
                using var scope = NewDisposeScope();
                results.Add(EvaluateTask(learner, TaskSplit.Of(task, _shots, _queryPhrases)));
            }

            return results;
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    private FewShotTaskResult EvaluateTask(MetaLearner learner, TaskSplit split)
    {
        using var support = TokenBatch.FromPhrases(split.Support, _maxEvents);
        using var query = TokenBatch.FromPhrases(split.Query, _maxEvents);
        var clone = learner.CloneDetached();
        var (nllBefore, accBefore) = Score(clone, query);
        for (var step = 0; step < _innerLoop.Steps; step++)
        {
            clone.Adapt(clone.Loss(support));
        }

        var (nllAfter, accAfter) = Score(clone, query);
        return new FewShotTaskResult(split.Source.Family, split.Source.Name, support.EventCount, query.EventCount, nllBefore, nllAfter, accBefore, accAfter);
    }

    private static (double Nll, double Accuracy) Score(TaskLearner learner, TokenBatch batch)
    {
        using var noGrad = no_grad();
        var logits = learner.Logits(batch); // [T, B, V]
        var nll = MusicModel.Loss(logits, batch.Targets).item<float>();
        var mask = batch.Targets.ne(Vocabulary.Pad);
        var correct = logits.argmax(-1).eq(batch.Targets).logical_and(mask).sum().item<long>();
        return (nll, (double)correct / batch.EventCount);
    }
}
