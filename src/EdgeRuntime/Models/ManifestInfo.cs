namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>
/// What the exporter knows about a model beyond its two weight files; <see cref="ModelFolderWriter"/> adds
/// the vocabulary, the adapter's dimensions, the inner loop, the model id and the file hashes.
/// </summary>
/// <param name="Name">Folder/model name, e.g. "maestro-small"; the model id is the name plus a short hash.</param>
/// <param name="EmbeddingSize">E: token embedding size of the backbone.</param>
/// <param name="HiddenSize">H: recurrent state size per layer.</param>
/// <param name="Layers">Number of recurrent layers.</param>
/// <param name="Onnx">Opset, IR version, inputs and outputs of backbone.onnx.</param>
/// <param name="Training">Training data, command, config and run facts.</param>
/// <param name="Evaluation">Free-form evaluation summary (metric to value, or "report" to a Markdown file name).</param>
public sealed record ManifestInfo(
    string Name,
    int EmbeddingSize,
    int HiddenSize,
    int Layers,
    OnnxGraphInfo Onnx,
    TrainingInfo Training,
    IReadOnlyDictionary<string, string>? Evaluation = null);
