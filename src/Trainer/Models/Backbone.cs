using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Models;

/// <summary>
/// The part of the model that is frozen on the device and exported to ONNX:
/// tokens [T, B] → Embedding(V, E) → GRU(E, H, layers) → features [T, B, H] and state [layers, B, H].
/// Parameter names follow PyTorch: embedding.weight, gru.weight_ih_l{k}, gru.weight_hh_l{k}, gru.bias_ih_l{k}, gru.bias_hh_l{k}.
/// </summary>
public sealed class Backbone : nn.Module<Tensor, Tensor?, (Tensor Features, Tensor State)>
{
    private readonly Embedding _embedding;
    private readonly GRU _gru;

    /// <summary>Creates a randomly initialised backbone (uses torch's global generator).</summary>
    public Backbone(ModelConfig config) : base("backbone")
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        _embedding = nn.Embedding(Vocabulary.Size, config.EmbeddingSize);
        _gru = nn.GRU(config.EmbeddingSize, config.HiddenSize, numLayers: config.Layers, dropout: config.Layers > 1 ? config.Dropout : 0.0);
        register_module("embedding", _embedding);
        register_module("gru", _gru);
    }

    public ModelConfig Config { get; }

    /// <summary>tokens [T, B] int64, state [layers, B, H] or null for zeros → (features [T, B, H], state [layers, B, H]).</summary>
    public override (Tensor Features, Tensor State) forward(Tensor tokens, Tensor? state)
    {
        var embedded = _embedding.call(tokens); // [T, B, E]
        var (features, last) = _gru.call(embedded, state);
        return (features, last);
    }

    /// <summary>
    /// The same computation as <see cref="forward"/> from explicit parameter tensors (keyed by this module's
    /// parameter names), written with plain ops so autograd can differentiate twice (MAML over all parameters).
    /// Dropout is not applied here.
    /// </summary>
    public Tensor FunctionalFeatures(Tensor tokens, IReadOnlyDictionary<string, Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        var steps = tokens.shape[0];
        var batch = tokens.shape[1];
        var table = weights["embedding.weight"]; // [V, E]
        var x = table.index_select(0, tokens.reshape(-1)).reshape(steps, batch, table.shape[1]); // [T, B, E]
        for (var layer = 0; layer < Config.Layers; layer++)
        {
            var wIh = weights[$"gru.weight_ih_l{layer}"];
            var wHh = weights[$"gru.weight_hh_l{layer}"];
            var bIh = weights[$"gru.bias_ih_l{layer}"];
            var bHh = weights[$"gru.bias_hh_l{layer}"];
            var inputGates = nn.functional.linear(x, wIh, bIh).chunk(3, dim: -1); // 3 x [T, B, H], gate order r, z, n
            var h = zeros(batch, Config.HiddenSize, dtype: x.dtype, device: x.device); // [B, H]
            var outputs = new List<Tensor>((int)steps);
            for (var t = 0; t < steps; t++)
            {
                var hiddenGates = nn.functional.linear(h, wHh, bHh).chunk(3, dim: -1); // 3 x [B, H]
                var r = sigmoid(inputGates[0][t] + hiddenGates[0]);
                var z = sigmoid(inputGates[1][t] + hiddenGates[1]);
                var n = tanh(inputGates[2][t] + r * hiddenGates[2]);
                h = (1 - z) * n + z * h;
                outputs.Add(h);
            }

            x = stack(outputs, dim: 0); // [T, B, H]
        }

        return x;
    }

    /// <summary>Copies the weights into plain arrays in PyTorch layout (gate order r, z, n) for the ONNX writer.</summary>
    public BackboneWeights ExportWeights()
    {
        var layers = new List<GruLayerWeights>(Config.Layers);
        var named = named_parameters().ToDictionary(p => p.name, p => p.parameter);
        for (var layer = 0; layer < Config.Layers; layer++)
        {
            layers.Add(new GruLayerWeights(
                ToArray(named[$"gru.weight_ih_l{layer}"]),
                ToArray(named[$"gru.weight_hh_l{layer}"]),
                ToArray(named[$"gru.bias_ih_l{layer}"]),
                ToArray(named[$"gru.bias_hh_l{layer}"])));
        }

        return new BackboneWeights(Vocabulary.Size, Config.EmbeddingSize, Config.HiddenSize, ToArray(named["embedding.weight"]), layers);
    }

    internal static float[] ToArray(Tensor t)
    {
        using var cpu = t.detach().cpu().contiguous();
        return cpu.data<float>().ToArray();
    }
}
