namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>Sizes of the backbone and adapter; the loader checks the adapter tensors against them.</summary>
/// <param name="EmbeddingSize">E: token embedding size.</param>
/// <param name="HiddenSize">H: recurrent state size per layer.</param>
/// <param name="Layers">Number of recurrent layers.</param>
/// <param name="FeatureSize">F: size of the features the backbone hands to the adapter.</param>
/// <param name="AdapterRank">r: rank of the adapter's low-rank residual (0 = none).</param>
/// <param name="VocabularySize">V: number of output logits.</param>
public sealed record ModelDimensions(int EmbeddingSize, int HiddenSize, int Layers, int FeatureSize, int AdapterRank, int VocabularySize);
