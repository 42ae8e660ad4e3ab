using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Meta;

/// <summary>
/// Wraps a model for meta-learning in the shape of learn2learn's MAML wrapper: it knows which parameters
/// the inner loop adapts (all, or the adapter only as on the device), the inner learning rate and whether
/// the inner loop is first order. The outer optimiser and the task sampler live outside.
/// </summary>
public sealed class MetaLearner
{
    /// <param name="model">The meta-parameters θ.</param>
    /// <param name="adaptedNames">Full names of the parameters the inner loop updates.</param>
    /// <param name="learningRate">Inner SGD step size α.</param>
    /// <param name="firstOrder">Detach inner gradients (FOMAML) instead of differentiating through them (MAML).</param>
    /// <param name="rowRates">
    /// Meta-SGD's per-row rates η [V] of the head (see <see cref="TaskLearner.RowRates"/>), or null for the plain rate.
    /// <see cref="Clone"/> keeps them in the graph (so the outer loss reaches them); <see cref="CloneDetached"/> detaches them.
    /// </param>
    /// <exception cref="ArgumentException">A name is not a parameter of the model, or the rates are not one per vocabulary row.</exception>
    public MetaLearner(MusicModel model, IReadOnlyList<string> adaptedNames, double learningRate, bool firstOrder, Tensor? rowRates = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(adaptedNames);
        var own = model.ParameterMap();
        var unknown = adaptedNames.FirstOrDefault(n => !own.ContainsKey(n));
        if (unknown is not null)
        {
            throw new ArgumentException($"'{unknown}' is not a parameter of the model.", nameof(adaptedNames));
        }

        if (rowRates is not null && (rowRates.dim() != 1 || rowRates.shape[0] != Vocabulary.Size))
        {
            throw new ArgumentException($"row rates must have shape [{Vocabulary.Size}], got [{string.Join(", ", rowRates.shape)}].", nameof(rowRates));
        }

        Model = model;
        AdaptedNames = adaptedNames;
        LearningRate = learningRate;
        FirstOrder = firstOrder;
        RowRates = rowRates;
    }

    public MusicModel Model { get; }
    public IReadOnlyList<string> AdaptedNames { get; }
    public double LearningRate { get; }
    public bool FirstOrder { get; }
    /// <summary>Meta-SGD's per-row head rates, or null.</summary>
    public Tensor? RowRates { get; }

    /// <summary>
    /// A task-local learner whose fast weights start as θ itself (graph-connected, like learn2learn's clone()),
    /// so the outer loss's gradient reaches θ.
    /// </summary>
    public TaskLearner Clone()
    {
        var own = Model.ParameterMap();
        return new TaskLearner(Model, AdaptedNames.ToDictionary(n => n, n => own[n]), LearningRate, FirstOrder, RowRates);
    }

    /// <summary>A task-local learner on detached copies of θ (Reptile: the inner loop must not touch θ's graph).</summary>
    public TaskLearner CloneDetached()
    {
        var own = Model.ParameterMap();
        return new TaskLearner(
            Model,
            AdaptedNames.ToDictionary(n => n, n => own[n].detach().clone().requires_grad_(true)),
            LearningRate,
            firstOrder: true,
            RowRates?.detach());
    }

    /// <summary>
    /// Reptile's meta-gradient: accumulates (θ − φ) / <paramref name="taskCount"/> into θ.grad for every adapted
    /// parameter, by back-propagating ½‖θ − φ‖² / n, so any optimiser can take the meta-step (SGD with lr ε gives
    /// θ ← θ + ε·mean(φ − θ)).
    /// </summary>
    public void AccumulateReptileGradient(TaskLearner adapted, int taskCount)
    {
        ArgumentNullException.ThrowIfNull(adapted);
        var own = Model.ParameterMap();
        Tensor? surrogate = null;
        foreach (var name in AdaptedNames)
        {
            var term = (own[name] - adapted.Weights[name].detach()).pow(2).sum() * (0.5 / taskCount);
            surrogate = surrogate is null ? term : surrogate + term;
        }

        surrogate?.backward();
    }
}
