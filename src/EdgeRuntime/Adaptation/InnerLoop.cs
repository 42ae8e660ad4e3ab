using System.Diagnostics;
using System.Numerics.Tensors;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// The device's inner loop: full-batch SGD on the adapter's mean support cross-entropy for
/// <see cref="InnerLoopSettings.Steps"/> steps at <see cref="InnerLoopSettings.LearningRate"/>, the
/// same loop the trainer's ANIL meta-training optimises. It works on a clone, so the parameters being
/// played with stay untouched until the caller swaps the result in. One instance holds work buffers
/// and runs one adaptation at a time.
/// </summary>
public sealed class InnerLoop
{
    private readonly AdapterGradient _gradient = new();
    private readonly Lock _busy = new();
    private AdapterParameters? _gradientBuffer;

    /// <exception cref="ArgumentException">The optimiser is not "sgd" or a setting is out of range.</exception>
    public InnerLoop(InnerLoopSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.Equals(settings.Optimizer, "sgd", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The device inner loop implements optimiser \"sgd\", not \"{settings.Optimizer}\".", nameof(settings));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(settings.Steps);
        if (!float.IsFinite(settings.LearningRate) || settings.LearningRate < 0)
        {
            throw new ArgumentException($"Inner learning rate {settings.LearningRate} must be a finite non-negative number.", nameof(settings));
        }

        Settings = settings;
    }

    /// <summary>The inner-loop settings (from <c>adapter.safetensors</c>).</summary>
    public InnerLoopSettings Settings { get; }

    /// <summary>
    /// Adapts a copy of <paramref name="start"/> to the support batch.
    /// </summary>
    /// <param name="start">The performer's profile or the meta-learned init; not modified.</param>
    /// <param name="support">Features and targets of the captured phrases.</param>
    /// <param name="budget">Step cap and time budget; null = none beyond the settings.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ArgumentException">The batch does not fit the adapter's shape.</exception>
    public AdaptationResult Adapt(AdapterParameters start, SupportBatch support, AdaptationBudget? budget = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(support);
        budget ??= AdaptationBudget.Unlimited;
        lock (_busy)
        {
            var clock = Stopwatch.StartNew();
            var current = start.Clone();
            if (_gradientBuffer is null || !SameShape(_gradientBuffer, start))
            {
                _gradientBuffer = new AdapterParameters(start.VocabularySize, start.FeatureSize, start.Rank);
            }

            int steps = Math.Min(Settings.Steps, budget.MaxSteps);
            var losses = new List<float>(steps + 1);
            var reason = AdaptationStopReason.Completed;
            int taken = 0;
            for (; taken < steps; taken++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (clock.Elapsed >= budget.MaxTime)
                {
                    reason = AdaptationStopReason.TimeBudgetExhausted;
                    break;
                }

                losses.Add(_gradient.LossAndGradient(current, support, _gradientBuffer));
                Step(current, _gradientBuffer, Settings.LearningRate);
            }

            losses.Add(_gradient.Loss(current, support));
            return new AdaptationResult(current, taken, losses, reason, clock.Elapsed);
        }
    }

    /// <summary>
    /// Runs <see cref="Adapt"/> on the thread pool, off the playing thread; the caller swaps the
    /// result in atomically when the task completes.
    /// </summary>
    public Task<AdaptationResult> AdaptInBackground(AdapterParameters start, SupportBatch support, AdaptationBudget? budget = null, CancellationToken cancellationToken = default) =>
        Task.Run(() => Adapt(start, support, budget, cancellationToken), cancellationToken);

    /// <summary>Mean next-token NLL (nats per event) of <paramref name="parameters"/> on <paramref name="batch"/>.</summary>
    public float NegativeLogLikelihood(AdapterParameters parameters, SupportBatch batch)
    {
        lock (_busy)
        {
            return _gradient.Loss(parameters, batch);
        }
    }

    private static void Step(AdapterParameters p, AdapterParameters g, float learningRate)
    {
        // θ ← θ − η ∇θ, tensor by tensor.
        TensorPrimitives.MultiplyAdd(g.HeadWeight, -learningRate, p.HeadWeight, p.HeadWeight);
        TensorPrimitives.MultiplyAdd(g.HeadBias, -learningRate, p.HeadBias, p.HeadBias);
        TensorPrimitives.MultiplyAdd(g.LoraDown, -learningRate, p.LoraDown, p.LoraDown);
        TensorPrimitives.MultiplyAdd(g.LoraUp, -learningRate, p.LoraUp, p.LoraUp);
    }

    private static bool SameShape(AdapterParameters a, AdapterParameters b) =>
        a.VocabularySize == b.VocabularySize && a.FeatureSize == b.FeatureSize && a.Rank == b.Rank;
}
