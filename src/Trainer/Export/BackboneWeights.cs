namespace EdgeMeta.Trainer.Export;

/// <summary>
/// The frozen backbone's weights as plain arrays: the hand-over between the TorchSharp model
/// (which fills it) and the ONNX writer (which turns it into initializers). Layout is PyTorch's:
/// embedding [V, E]; per GRU layer weight_ih [3H, in], weight_hh [3H, H], bias_ih [3H], bias_hh [3H],
/// with the three gate blocks in PyTorch order (r, z, n). ONNX's GRU wants (z, r, h): the writer reorders.
/// Features are the top layer's hidden output, so the feature size equals <see cref="HiddenSize"/>.
/// </summary>
/// <param name="VocabularySize">V.</param>
/// <param name="EmbeddingSize">E.</param>
/// <param name="HiddenSize">H, also the feature size F.</param>
/// <param name="Embedding">[V, E] row-major.</param>
/// <param name="Layers">GRU layers, bottom first.</param>
public sealed record BackboneWeights(int VocabularySize, int EmbeddingSize, int HiddenSize, float[] Embedding, IReadOnlyList<GruLayerWeights> Layers);
