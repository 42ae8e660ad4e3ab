using EdgeMeta.Trainer.Export;

namespace EdgeMeta.Trainer.Tests.Export;

/// <summary>Seeded random backbone weights in PyTorch layout, scaled like PyTorch's GRU init (±1/√H).</summary>
internal static class RandomBackbone
{
    public static BackboneWeights Create(int seed, int vocabulary, int embedding, int hidden, int layers)
    {
        var random = new Random(seed);
        var scale = 1f / MathF.Sqrt(hidden);
        float[] Uniform(int count, float range) =>
            [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * range)];

        var gru = new List<GruLayerWeights>();
        for (var l = 0; l < layers; l++)
        {
            var input = l == 0 ? embedding : hidden;
            gru.Add(new GruLayerWeights(
                Uniform(3 * hidden * input, scale),
                Uniform(3 * hidden * hidden, scale),
                Uniform(3 * hidden, scale),
                Uniform(3 * hidden, scale)));
        }

        return new BackboneWeights(vocabulary, embedding, hidden, Uniform(vocabulary * embedding, 1f), gru);
    }

    public static int[] Tokens(int seed, int count, int vocabulary)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => random.Next(vocabulary))];
    }

    public static float[] State(int seed, int count)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1))];
    }

    public static float MaxAbsDifference(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        Assert.Equal(a.Length, b.Length);
        var max = 0f;
        for (var i = 0; i < a.Length; i++)
        {
            max = MathF.Max(max, MathF.Abs(a[i] - b[i]));
        }

        return max;
    }
}
