using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Models;

/// <summary>
/// Backbone + adapter. Parameter names are "backbone.*" and "adapter.*" (adapter.head.weight, ...).
/// The clear boundary is the feature tensor [T, B, H]: the device runs the backbone in ONNX and the
/// adapter in C#.
/// </summary>
public sealed class MusicModel : nn.Module<Tensor, Tensor>
{
    public const string BackbonePrefix = "backbone.";
    public const string AdapterPrefix = "adapter.";

    /// <summary>Creates a randomly initialised model from torch's global generator (seed it first).</summary>
    public MusicModel(ModelConfig config) : base("music_model")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        Backbone = new Backbone(config);
        Adapter = new AdapterModule(config.HiddenSize, config.AdapterRank);
        register_module("backbone", Backbone);
        register_module("adapter", Adapter);
    }

    public ModelConfig Config { get; }
    public Backbone Backbone { get; }
    public AdapterModule Adapter { get; }

    /// <summary>tokens [T, B] → logits [T, B, V] with the module's own parameters.</summary>
    public override Tensor forward(Tensor tokens)
    {
        var (features, _) = Backbone.call(tokens, null);
        return Adapter.call(features);
    }

    /// <summary>All parameters by full name, in registration order.</summary>
    public Dictionary<string, Tensor> ParameterMap() =>
        named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);

    /// <summary>Full names of the adapter's parameters (adapter.head.weight, ...).</summary>
    public IReadOnlyList<string> AdapterParameterNames => Adapter.ParameterNames.Select(n => AdapterPrefix + n).ToArray();

    /// <summary>
    /// Logits from explicit weights keyed by full names. Names missing from <paramref name="weights"/> use the
    /// module's parameters; when no backbone weight is given the fast nn.GRU path computes the features.
    /// </summary>
    public Tensor FunctionalLogits(Tensor tokens, IReadOnlyDictionary<string, Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var features = FunctionalFeatures(tokens, weights);
        return FunctionalHead(features, weights);
    }

    /// <summary>features [T, B, H] from explicit weights (module path when no backbone weight is overridden).</summary>
    public Tensor FunctionalFeatures(Tensor tokens, IReadOnlyDictionary<string, Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        if (!weights.Keys.Any(k => k.StartsWith(BackbonePrefix, StringComparison.Ordinal)))
        {
            return Backbone.call(tokens, null).Features;
        }

        var own = ParameterMap();
        var backboneWeights = own.Where(p => p.Key.StartsWith(BackbonePrefix, StringComparison.Ordinal))
            .ToDictionary(p => p.Key[BackbonePrefix.Length..], p => weights.TryGetValue(p.Key, out var w) ? w : p.Value);
        return Backbone.FunctionalFeatures(tokens, backboneWeights);
    }

    /// <summary>features [..., H] → logits [..., V] with adapter weights from <paramref name="weights"/> (full names) or the module.</summary>
    public Tensor FunctionalHead(Tensor features, IReadOnlyDictionary<string, Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var own = Adapter.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var adapterWeights = Adapter.ParameterNames.ToDictionary(
            n => n, n => weights.TryGetValue(AdapterPrefix + n, out var w) ? w : own[n]);
        return AdapterModule.Functional(features, adapterWeights);
    }

    /// <summary>
    /// Mean next-event cross-entropy over every non-PAD target: exactly the loss the device's inner loop uses.
    /// logits [T, B, V], targets [T, B].
    /// </summary>
    public static Tensor Loss(Tensor logits, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(logits);
        return nn.functional.cross_entropy(logits.reshape(-1, Vocabulary.Size), targets.reshape(-1), ignore_index: Vocabulary.Pad);
    }

    /// <summary>The backbone's weights in PyTorch layout for the ONNX writer.</summary>
    public BackboneWeights ExportBackbone() => Backbone.ExportWeights();

    /// <summary>The adapter (the meta-learned initial values) in the device's layout.</summary>
    public AdapterParameters ExportAdapter() => Adapter.Export();

    /// <summary>Overwrites the adapter with <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">Shapes differ.</exception>
    public void ImportAdapter(AdapterParameters parameters) => Adapter.Import(parameters);
}
