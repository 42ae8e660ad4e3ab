using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;

namespace EdgeMeta.Trainer.Meta;

/// <summary>
/// MAML, FOMAML and ANIL: per task, <c>steps</c> SGD steps on the support loss from θ, then the query loss at
/// the adapted weights is back-propagated to θ (through the inner steps when second order). ANIL adapts only
/// the adapter, with exactly the device's optimiser, steps and learning rate; its outer step still updates the
/// backbone and the adapter's initial values. With Meta-SGD rates (<see cref="InnerRates"/>) the head's rows step at
/// their learned rates and the query loss's gradient also reaches the log-rates (through the inner steps).
/// </summary>
public sealed class GradientMetaAlgorithm : IMetaAlgorithm
{
    private readonly int _steps;
    private readonly double _learningRate;
    private readonly bool _firstOrder;
    private readonly bool _adapterOnly;
    private readonly InnerRates? _rates;

    /// <param name="name">The algorithm's name (maml, fomaml, anil).</param>
    /// <param name="steps">Inner SGD steps per task.</param>
    /// <param name="learningRate">Inner step size (of every adapted parameter without a learned rate).</param>
    /// <param name="firstOrder">Detach the inner gradients.</param>
    /// <param name="adapterOnly">Adapt only the adapter (ANIL).</param>
    /// <param name="rates">Meta-SGD's learned per-row rates (their .grad is accumulated too), or null for the plain rate.</param>
    public GradientMetaAlgorithm(string name, int steps, double learningRate, bool firstOrder, bool adapterOnly, InnerRates? rates = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(steps);
        Name = name;
        _steps = steps;
        _learningRate = learningRate;
        _firstOrder = firstOrder;
        _adapterOnly = adapterOnly;
        _rates = rates;
    }

    public string Name { get; }

    public MetaStepResult AccumulateGradients(MusicModel model, IReadOnlyList<TaskSplit> tasks, int maxEvents)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(tasks);
        var names = _adapterOnly ? model.AdapterParameterNames : model.ParameterMap().Keys.ToArray();
        double total = 0;
        long events = 0;
        foreach (var task in tasks)
        {
            using var support = TokenBatch.FromPhrases(task.Support, maxEvents);
            using var query = TokenBatch.FromPhrases(task.Query, maxEvents);
            // η = exp(log η) per task: each task's backward frees its graph.
            var clone = new MetaLearner(model, names, _learningRate, _firstOrder, _rates?.Rates()).Clone();
            for (var step = 0; step < _steps; step++)
            {
                clone.Adapt(clone.Loss(support));
            }

            var queryLoss = clone.Loss(query);
            (queryLoss / tasks.Count).backward();
            total += queryLoss.item<float>();
            // ANIL runs the backbone over the support once; full adaptation re-runs it every step.
            events += support.EventCount * (_adapterOnly ? 1 : _steps) + query.EventCount;
        }

        return new MetaStepResult(total / tasks.Count, events);
    }
}
