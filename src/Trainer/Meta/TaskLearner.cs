using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Meta;

/// <summary>
/// A task-local copy of the adapted parameters (learn2learn's cloned learner). <see cref="Adapt"/> takes one
/// plain SGD step, φ ← φ − α ∇L(φ), or with per-row rates (Meta-SGD, <see cref="RowRates"/>) φ_v ← φ_v − η_v ∇L(φ)_v on
/// each output row v of the head (weight row and bias entry) and the plain α on everything else; with second order the step stays in the autograd graph so the outer loss
/// differentiates through it (MAML), with first order the gradient is detached (FOMAML; Reptile on detached clones).
/// Parameters that are not adapted are read from the model, so their gradients still flow to the meta-parameters.
/// </summary>
public sealed class TaskLearner
{
    private const string HeadWeightName = MusicModel.AdapterPrefix + AdapterParameters.HeadWeightName;
    private const string HeadBiasName = MusicModel.AdapterPrefix + AdapterParameters.HeadBiasName;
    private readonly MusicModel _model;
    private readonly Dictionary<string, Tensor> _weights;
    private readonly bool _adaptsBackbone;
    private readonly Dictionary<TokenBatch, Tensor> _featureCache = [];

    internal TaskLearner(MusicModel model, Dictionary<string, Tensor> weights, double learningRate, bool firstOrder, Tensor? rowRates = null)
    {
        _model = model;
        _weights = weights;
        LearningRate = learningRate;
        FirstOrder = firstOrder;
        RowRates = rowRates;
        _adaptsBackbone = weights.Keys.Any(k => k.StartsWith(MusicModel.BackbonePrefix, StringComparison.Ordinal));
    }

    /// <summary>Inner learning rate used when <see cref="Adapt"/> gets none.</summary>
    public double LearningRate { get; }
    /// <summary>Whether <see cref="Adapt"/> detaches gradients unless told otherwise.</summary>
    public bool FirstOrder { get; }

    /// <summary>
    /// Meta-SGD's per-row rates η [V] for the head (adapter.head.weight rows and adapter.head.bias), or null for the
    /// plain rate everywhere. When they are in the autograd graph (meta-training), the outer loss differentiates them.
    /// </summary>
    public Tensor? RowRates { get; }

    /// <summary>The current fast weights by full parameter name.</summary>
    public IReadOnlyDictionary<string, Tensor> Weights => _weights;

    /// <summary>
    /// Mean next-event cross-entropy of <paramref name="batch"/> under the fast weights. When only the adapter
    /// adapts, the backbone's features of a batch are computed once and reused across inner steps (they do not
    /// change; this is also what the device does).
    /// </summary>
    public Tensor Loss(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return MusicModel.Loss(Logits(batch), batch.Targets);
    }

    /// <summary>Logits [T, B, V] of <paramref name="batch"/> under the fast weights.</summary>
    public Tensor Logits(TokenBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        Tensor features;
        if (_adaptsBackbone)
        {
            features = _model.FunctionalFeatures(batch.Inputs, _weights);
        }
        else if (!_featureCache.TryGetValue(batch, out features!))
        {
            features = _model.FunctionalFeatures(batch.Inputs, _weights);
            _featureCache[batch] = features;
        }

        return _model.FunctionalHead(features, _weights);
    }

    /// <summary>One SGD step on <paramref name="loss"/> over the fast weights.</summary>
    /// <param name="loss">A scalar computed from these fast weights.</param>
    /// <param name="learningRate">Overrides <see cref="LearningRate"/> for this call (not <see cref="RowRates"/>).</param>
    /// <param name="firstOrder">Overrides <see cref="FirstOrder"/> for this call.</param>
    public void Adapt(Tensor loss, double? learningRate = null, bool? firstOrder = null)
    {
        ArgumentNullException.ThrowIfNull(loss);
        var lr = learningRate ?? LearningRate;
        var secondOrder = !(firstOrder ?? FirstOrder);
        var names = _weights.Keys.ToArray();
        var inputs = names.Select(n => _weights[n]).ToArray();
        // retain_graph: cached features and the graph up to the clone are needed again by later steps and the outer loss.
        var grads = autograd.grad([loss], inputs, retain_graph: true, create_graph: secondOrder, allow_unused: true);
        for (var i = 0; i < names.Length; i++)
        {
            var grad = grads[i];
            if (grad is null || grad.IsInvalid)
            {
                continue;
            }

            var step = secondOrder ? grad : grad.detach();
            _weights[names[i]] = (RowRates, names[i]) switch
            {
                ({ } rates, HeadWeightName) => inputs[i] - (rates.unsqueeze(1) * step), // [V, 1] × [V, F]
                ({ } rates, HeadBiasName) => inputs[i] - (rates * step),
                _ => inputs[i] - (lr * step),
            };
        }
    }
}
