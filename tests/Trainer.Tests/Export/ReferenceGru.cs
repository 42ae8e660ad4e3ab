using EdgeMeta.Trainer.Export;

namespace EdgeMeta.Trainer.Tests.Export;

/// <summary>
/// A plain C# (double precision) PyTorch-style GRU straight from its equations, written independently of the
/// exporter so the tests can check the ONNX graph without TorchSharp:
/// r = σ(W_ir x + b_ir + W_hr h + b_hr); z = σ(W_iz x + b_iz + W_hz h + b_hz);
/// n = tanh(W_in x + b_in + r ⊙ (W_hn h + b_hn)); h' = (1 − z) ⊙ n + z ⊙ h.
/// </summary>
internal static class ReferenceGru
{
    /// <summary>Runs tokens from <paramref name="state"/> ([L, H], updated in place); returns the top layer's outputs [T, H].</summary>
    public static float[] Run(BackboneWeights w, IReadOnlyList<int> tokens, float[] state)
    {
        int e = w.EmbeddingSize, h = w.HiddenSize;
        var features = new float[tokens.Count * h];
        for (var t = 0; t < tokens.Count; t++)
        {
            var x = w.Embedding.AsSpan(tokens[t] * e, e).ToArray();
            for (var l = 0; l < w.Layers.Count; l++)
            {
                var layer = w.Layers[l];
                var hPrev = state.AsSpan(l * h, h).ToArray();
                var next = new float[h];
                for (var j = 0; j < h; j++)
                {
                    double Gate(float[] weights, float[] bias, float[] input, int block) =>
                        Dot(weights, (block * h + j) * input.Length, input) + bias[block * h + j];

                    var r = Sigmoid(Gate(layer.WeightIh, layer.BiasIh, x, 0) + Gate(layer.WeightHh, layer.BiasHh, hPrev, 0));
                    var z = Sigmoid(Gate(layer.WeightIh, layer.BiasIh, x, 1) + Gate(layer.WeightHh, layer.BiasHh, hPrev, 1));
                    var n = Math.Tanh(Gate(layer.WeightIh, layer.BiasIh, x, 2) + r * Gate(layer.WeightHh, layer.BiasHh, hPrev, 2));
                    next[j] = (float)((1 - z) * n + z * hPrev[j]);
                }

                next.CopyTo(state, l * h);
                x = next;
            }

            x.CopyTo(features, t * h);
        }

        return features;
    }

    private static double Dot(float[] matrix, int offset, float[] vector)
    {
        var sum = 0.0;
        for (var i = 0; i < vector.Length; i++)
        {
            sum += matrix[offset + i] * (double)vector[i];
        }

        return sum;
    }

    private static double Sigmoid(double v) => 1 / (1 + Math.Exp(-v));
}
