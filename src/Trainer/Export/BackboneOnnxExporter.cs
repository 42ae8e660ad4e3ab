using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.Trainer.Export.Onnx;
using EdgeMeta.Trainer.Export.Onnx.Proto;
using Google.Protobuf;
using DataType = EdgeMeta.Trainer.Export.Onnx.Proto.TensorProto.Types.DataType;

namespace EdgeMeta.Trainer.Export;

/// <summary>
/// Writes the frozen backbone (embedding + stacked GRU) as <c>backbone.onnx</c>.
/// Graph: <c>tokens</c> int64 [T, B] → Gather → per layer one ONNX GRU (gates z, r, h;
/// linear_before_reset = 1, as PyTorch computes n) whose initial_h is that layer's slice of <c>state</c>
/// [layers, B, H]; outputs <c>features</c> [T, B, H] (top layer) and <c>state_out</c> [layers, B, H].
/// T and B are symbolic, so one graph serves step mode (T = 1) and whole phrases.
/// </summary>
public static class BackboneOnnxExporter
{
    /// <summary>ONNX IR version written into the model (IR 8: ONNX 1.10+, read by ONNX Runtime 1.10+).</summary>
    public const long IrVersion = 8;

    /// <summary>Default-domain opset; 17 covers Gather, GRU, Slice, Squeeze (axes as input), Concat.</summary>
    public const long Opset = 17;

    /// <summary>Serialises the backbone to ONNX bytes.</summary>
    /// <exception cref="ArgumentException">The weights' array lengths do not match their declared sizes.</exception>
    public static byte[] ToBytes(BackboneWeights weights) => BuildModel(weights).ToByteArray();

    /// <summary>Writes the backbone as ONNX to <paramref name="destination"/>.</summary>
    /// <exception cref="ArgumentException">The weights' array lengths do not match their declared sizes.</exception>
    /// <exception cref="IOException">The stream could not be written.</exception>
    public static void Export(BackboneWeights weights, Stream destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        BuildModel(weights).WriteTo(destination);
    }

    /// <summary>Writes the backbone as ONNX to <paramref name="path"/> atomically (temp file, fsync, rename).</summary>
    /// <exception cref="ArgumentException">The weights' array lengths do not match their declared sizes.</exception>
    /// <exception cref="IOException">The file could not be written; the message names it.</exception>
    public static void Export(BackboneWeights weights, string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = ToBytes(weights);
        try
        {
            AtomicFile.WriteAllBytes(path, bytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: cannot write the ONNX backbone: {e.Message}", e);
        }
    }

    internal static ModelProto BuildModel(BackboneWeights weights)
    {
        Validate(weights);
        int v = weights.VocabularySize, e = weights.EmbeddingSize, h = weights.HiddenSize, layers = weights.Layers.Count;
        var graph = new OnnxGraphBuilder("edgemeta_backbone");

        graph.AddInput(OnnxBackboneNames.Tokens, DataType.Int64, OnnxBackboneNames.TimeAxis, OnnxBackboneNames.BatchAxis);
        graph.AddInput(OnnxBackboneNames.State, DataType.Float, layers, OnnxBackboneNames.BatchAxis, h);

        var embedding = graph.AddInitializer("embedding.weight", weights.Embedding, v, e);
        var squeezeAxis = graph.AddInitializer("axis_1", [1L], 1);
        var x = "embedded"; // [T, B, E]
        graph.AddNode("Gather", "embed", [embedding, OnnxBackboneNames.Tokens], [x])
            .Attribute.Add(OnnxGraphBuilder.IntAttribute("axis", 0));

        var finalStates = new List<string>(layers);
        for (var l = 0; l < layers; l++)
        {
            var layer = weights.Layers[l];
            var input = l == 0 ? e : h;
            // ONNX GRU tensors carry a leading num_directions = 1 axis.
            var w = graph.AddInitializer($"gru{l}.W", GruGateOrder.ToOnnx(layer.WeightIh, h, input), 1, 3 * h, input);
            var r = graph.AddInitializer($"gru{l}.R", GruGateOrder.ToOnnx(layer.WeightHh, h, h), 1, 3 * h, h);
            var bias = new float[6 * h]; // [Wb (z, r, h) ; Rb (z, r, h)]
            GruGateOrder.ToOnnx(layer.BiasIh, h, 1).CopyTo(bias, 0);
            GruGateOrder.ToOnnx(layer.BiasHh, h, 1).CopyTo(bias, 3 * h);
            var b = graph.AddInitializer($"gru{l}.B", bias, 1, 6 * h);

            var starts = graph.AddInitializer($"gru{l}.state_start", [(long)l], 1);
            var ends = graph.AddInitializer($"gru{l}.state_end", [(long)l + 1], 1);
            var axes = graph.AddInitializer($"gru{l}.state_axis", [0L], 1);
            var initialH = $"gru{l}.initial_h"; // [1, B, H]
            graph.AddNode("Slice", $"gru{l}_state", [OnnxBackboneNames.State, starts, ends, axes], [initialH]);

            var y = $"gru{l}.Y";     // [T, 1, B, H]
            var yH = $"gru{l}.Y_h"; // [1, B, H]
            var gru = graph.AddNode("GRU", $"gru{l}", [x, w, r, b, string.Empty, initialH], [y, yH]);
            gru.Attribute.Add(OnnxGraphBuilder.IntAttribute("hidden_size", h));
            gru.Attribute.Add(OnnxGraphBuilder.IntAttribute("linear_before_reset", 1));
            gru.Attribute.Add(OnnxGraphBuilder.StringAttribute("direction", "forward"));

            x = l == layers - 1 ? OnnxBackboneNames.Features : $"gru{l}.output"; // [T, B, H]
            graph.AddNode("Squeeze", $"gru{l}_squeeze", [y, squeezeAxis], [x]);
            finalStates.Add(yH);
        }

        graph.AddNode("Concat", "state_concat", finalStates, [OnnxBackboneNames.StateOut])
            .Attribute.Add(OnnxGraphBuilder.IntAttribute("axis", 0));

        graph.AddOutput(OnnxBackboneNames.Features, DataType.Float, OnnxBackboneNames.TimeAxis, OnnxBackboneNames.BatchAxis, h);
        graph.AddOutput(OnnxBackboneNames.StateOut, DataType.Float, layers, OnnxBackboneNames.BatchAxis, h);

        var metadata = new Dictionary<string, string>
        {
            [OnnxBackboneNames.VocabularySizeKey] = v.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [OnnxBackboneNames.EmbeddingSizeKey] = e.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [OnnxBackboneNames.CellKey] = "gru",
        };
        return graph.Build(IrVersion, Opset, "edgemeta-train", metadata);
    }

    private static void Validate(BackboneWeights weights)
    {
        ArgumentNullException.ThrowIfNull(weights);
        int v = weights.VocabularySize, e = weights.EmbeddingSize, h = weights.HiddenSize;
        if (v <= 0 || e <= 0 || h <= 0 || weights.Layers.Count == 0)
        {
            throw new ArgumentException($"Backbone sizes must be positive with at least one layer (V={v}, E={e}, H={h}, layers={weights.Layers.Count}).", nameof(weights));
        }

        Expect("embedding", weights.Embedding.Length, (long)v * e);
        for (var l = 0; l < weights.Layers.Count; l++)
        {
            var layer = weights.Layers[l];
            var input = l == 0 ? e : h;
            Expect($"layer {l} weight_ih", layer.WeightIh.Length, 3L * h * input);
            Expect($"layer {l} weight_hh", layer.WeightHh.Length, 3L * h * h);
            Expect($"layer {l} bias_ih", layer.BiasIh.Length, 3L * h);
            Expect($"layer {l} bias_hh", layer.BiasHh.Length, 3L * h);
        }

        static void Expect(string what, int actual, long expected)
        {
            if (actual != expected)
            {
                throw new ArgumentException($"Backbone {what} has {actual} values, expected {expected}.", nameof(weights));
            }
        }
    }
}
