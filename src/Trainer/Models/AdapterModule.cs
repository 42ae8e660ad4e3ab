using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Tokens;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Models;

/// <summary>
/// The device-trainable head: f' = f + up·(down·f) (when rank &gt; 0), logits = W f' + b.
/// Parameter names and layouts are exactly those of <see cref="AdapterParameters"/>:
/// head.weight [V, F], head.bias [V], lora.down [r, F], lora.up [F, r]. lora.up starts at zero so a fresh
/// residual is the identity and does not disturb the pretrained head.
/// </summary>
public sealed class AdapterModule : nn.Module<Tensor, Tensor>
{
    private readonly Linear _head;
    private readonly LowRankResidual? _lora;

    public AdapterModule(int featureSize, int rank) : base("adapter")
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegative(rank);
        FeatureSize = featureSize;
        Rank = rank;
        _head = nn.Linear(featureSize, Vocabulary.Size);
        register_module("head", _head);
        if (rank > 0)
        {
            _lora = new LowRankResidual(featureSize, rank);
            register_module("lora", _lora);
        }
    }

    public int FeatureSize { get; }
    public int Rank { get; }

    /// <summary>Names of the adapter's parameters in file order (the keys of <see cref="Functional"/>'s weights).</summary>
    public IReadOnlyList<string> ParameterNames => Rank > 0
        ? [AdapterParameters.HeadWeightName, AdapterParameters.HeadBiasName, AdapterParameters.LoraDownName, AdapterParameters.LoraUpName]
        : [AdapterParameters.HeadWeightName, AdapterParameters.HeadBiasName];

    /// <summary>features [..., F] → logits [..., V] with the module's own parameters.</summary>
    public override Tensor forward(Tensor features) =>
        Functional(features, named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));

    /// <summary>
    /// The adapter from explicit parameter tensors keyed by <see cref="ParameterNames"/>: what inner loops
    /// differentiate (with create_graph for second-order MAML/ANIL).
    /// </summary>
    public static Tensor Functional(Tensor features, IReadOnlyDictionary<string, Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var f = features; // [..., F]
        if (weights.TryGetValue(AdapterParameters.LoraDownName, out var down))
        {
            var up = weights[AdapterParameters.LoraUpName];
            f = f + nn.functional.linear(nn.functional.linear(f, down), up); // [..., r] → [..., F]
        }

        return nn.functional.linear(f, weights[AdapterParameters.HeadWeightName], weights[AdapterParameters.HeadBiasName]); // [..., V]
    }

    /// <summary>Copies the parameters out in the device's layout.</summary>
    public AdapterParameters Export()
    {
        var result = new AdapterParameters(Vocabulary.Size, FeatureSize, Rank);
        var named = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        foreach (var (name, _, data) in result.Tensors())
        {
            Backbone.ToArray(named[name]).CopyTo(data, 0);
        }

        return result;
    }

    /// <summary>Overwrites the parameters with <paramref name="parameters"/>.</summary>
    /// <exception cref="ArgumentException">The shapes (V, F, r) differ from this adapter's.</exception>
    public void Import(AdapterParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        if (parameters.VocabularySize != Vocabulary.Size || parameters.FeatureSize != FeatureSize || parameters.Rank != Rank)
        {
            throw new ArgumentException(
                $"Adapter shapes differ: model has [V={Vocabulary.Size}, F={FeatureSize}, r={Rank}], parameters have [V={parameters.VocabularySize}, F={parameters.FeatureSize}, r={parameters.Rank}].",
                nameof(parameters));
        }

        var named = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using var noGrad = no_grad();
        foreach (var (name, shape, data) in parameters.Tensors())
        {
            using var source = tensor(data, shape.Select(s => (long)s).ToArray());
            named[name].copy_(source);
        }
    }
}
