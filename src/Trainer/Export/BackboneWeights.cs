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
public sealed record BackboneWeights(int VocabularySize, int EmbeddingSize, int HiddenSize, float[] Embedding, IReadOnlyList<GruLayerWeights> Layers)
{
    /// <summary>
    /// The first weight that is NaN or infinite (PyTorch-style tensor name, flat index, value),
    /// or null when all are finite. A diverged training run has such weights; exporting them would ship a
    /// backbone whose every feature is NaN.
    /// </summary>
    public (string Tensor, int Index, float Value)? FirstNonFinite()
    {
        var tensors = new List<(string Name, float[] Data)> { ("embedding", Embedding) };
        for (var layer = 0; layer < Layers.Count; layer++)
        {
            var weights = Layers[layer];
            tensors.Add(($"gru.weight_ih_l{layer}", weights.WeightIh));
            tensors.Add(($"gru.weight_hh_l{layer}", weights.WeightHh));
            tensors.Add(($"gru.bias_ih_l{layer}", weights.BiasIh));
            tensors.Add(($"gru.bias_hh_l{layer}", weights.BiasHh));
        }

        foreach (var (name, data) in tensors)
        {
            for (var i = 0; i < data.Length; i++)
            {
                if (!float.IsFinite(data[i]))
                {
                    return (name, i, data[i]);
                }
            }
        }

        return null;
    }
}
