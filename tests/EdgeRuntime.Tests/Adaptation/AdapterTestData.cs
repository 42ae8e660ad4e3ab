using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

/// <summary>Seeded random adapters and support batches for the adaptation tests.</summary>
internal static class AdapterTestData
{
    /// <summary>The tiled kernel's register width from its size in bits (theory data cannot name the internal enum).</summary>
    public static KernelWidth Width(int bits) => bits switch
    {
        128 => KernelWidth.Vector128,
        256 => KernelWidth.Vector256,
        512 => KernelWidth.Vector512,
        _ => throw new ArgumentOutOfRangeException(nameof(bits), bits, "Register widths are 128, 256 or 512 bits."),
    };

    public static AdapterParameters RandomAdapter(int v, int f, int r, int seed, float scale = 0.3f)
    {
        var random = new Random(seed);
        var p = new AdapterParameters(v, f, r);
        foreach (var (_, _, data) in p.Tensors())
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() * 2 - 1) * scale;
            }
        }

        return p;
    }

    public static SupportBatch RandomBatch(int n, int f, int v, int seed)
    {
        var random = new Random(seed);
        var features = new float[n * f];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)(random.NextDouble() * 2 - 1);
        }

        var targets = new int[n];
        for (int i = 0; i < n; i++)
        {
            targets[i] = random.Next(v);
        }

        return new SupportBatch(features, targets, f);
    }

    /// <summary>The loss written the slow, obvious way in double precision.</summary>
    public static double ReferenceLoss(AdapterParameters p, SupportBatch batch)
    {
        int f = p.FeatureSize, v = p.VocabularySize, r = p.Rank;
        double total = 0;
        for (int n = 0; n < batch.Count; n++)
        {
            var h = new double[f];
            for (int i = 0; i < f; i++)
            {
                h[i] = batch.Features[n * f + i];
            }

            var z = new double[r];
            for (int k = 0; k < r; k++)
            {
                for (int i = 0; i < f; i++)
                {
                    z[k] += p.LoraDown[k * f + i] * h[i];
                }
            }

            var adapted = (double[])h.Clone();
            for (int i = 0; i < f; i++)
            {
                for (int k = 0; k < r; k++)
                {
                    adapted[i] += p.LoraUp[i * r + k] * z[k];
                }
            }

            var logits = new double[v];
            for (int o = 0; o < v; o++)
            {
                logits[o] = p.HeadBias[o];
                for (int i = 0; i < f; i++)
                {
                    logits[o] += p.HeadWeight[o * f + i] * adapted[i];
                }
            }

            double max = logits.Max();
            double lse = max + Math.Log(logits.Sum(x => Math.Exp(x - max)));
            total += lse - logits[batch.Targets[n]];
        }

        return total / batch.Count;
    }
}
