namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// The contract of <c>backbone.onnx</c> shared by the exporter (trainer) and <see cref="OnnxBackbone"/> (device):
/// graph input/output names and the metadata keys the exporter writes into the model.
/// </summary>
public static class OnnxBackboneNames
{
    /// <summary>Input: token ids, int64 [T, B] (time-major).</summary>
    public const string Tokens = "tokens";

    /// <summary>Input: recurrent state, float [layers, B, H].</summary>
    public const string State = "state";

    /// <summary>Output: the top layer's hidden output per step, float [T, B, H].</summary>
    public const string Features = "features";

    /// <summary>Output: recurrent state after the last step, float [layers, B, H].</summary>
    public const string StateOut = "state_out";

    /// <summary>Symbolic time axis.</summary>
    public const string TimeAxis = "T";

    /// <summary>Symbolic batch axis.</summary>
    public const string BatchAxis = "B";

    /// <summary>Model metadata key: vocabulary size V (decimal string).</summary>
    public const string VocabularySizeKey = "edgemeta.vocabulary_size";

    /// <summary>Model metadata key: embedding size E (decimal string).</summary>
    public const string EmbeddingSizeKey = "edgemeta.embedding_size";

    /// <summary>Model metadata key: cell type, "gru".</summary>
    public const string CellKey = "edgemeta.cell";
}
