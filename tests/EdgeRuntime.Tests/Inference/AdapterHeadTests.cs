using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tests.Models;

namespace EdgeMeta.EdgeRuntime.Tests.Inference;

public class AdapterHeadTests
{
    // logits[v] = Σ_j W[v,j] f'[j] + b[v], f'[j] = f[j] + Σ_k up[j,k] Σ_i down[k,i] f[i], in double.
    private static double[] Naive(AdapterParameters a, float[] f)
    {
        int v = a.VocabularySize, n = a.FeatureSize, r = a.Rank;
        var low = new double[r];
        for (var k = 0; k < r; k++)
        {
            for (var i = 0; i < n; i++)
            {
                low[k] += a.LoraDown[(k * n) + i] * (double)f[i];
            }
        }

        var adjusted = new double[n];
        for (var j = 0; j < n; j++)
        {
            adjusted[j] = f[j];
            for (var k = 0; k < r; k++)
            {
                adjusted[j] += a.LoraUp[(j * r) + k] * low[k];
            }
        }

        var logits = new double[v];
        for (var row = 0; row < v; row++)
        {
            logits[row] = a.HeadBias[row];
            for (var j = 0; j < n; j++)
            {
                logits[row] += a.HeadWeight[(row * n) + j] * adjusted[j];
            }
        }

        return logits;
    }

    private static float[] RandomVector(int n, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, n).Select(_ => (float)((random.NextDouble() * 2) - 1))];
    }

    [Theory]
    [InlineData(391, 256, 0)]
    [InlineData(391, 37, 3)]
    [InlineData(7, 3, 1)]
    [InlineData(5, 8, 0)]
    [InlineData(13, 64, 8)]
    public void Forward_matches_a_naive_loop(int vocab, int features, int rank)
    {
        var adapter = AdapterFileTests.RandomAdapter(vocab, features, rank, seed: vocab + features + rank);
        var f = RandomVector(features, seed: 5);
        var logits = new float[vocab];

        new AdapterHead(adapter).Forward(f, logits);

        var expected = Naive(adapter, f);
        for (var i = 0; i < vocab; i++)
        {
            Assert.True(Math.Abs(expected[i] - logits[i]) < 1e-4, $"logit {i}: expected {expected[i]}, got {logits[i]}");
        }
    }

    [Fact]
    public void Swap_takes_effect_on_the_next_forward()
    {
        var first = AdapterFileTests.RandomAdapter(11, 16, 2, seed: 1);
        var second = AdapterFileTests.RandomAdapter(11, 16, 2, seed: 2);
        var head = new AdapterHead(first);
        var f = RandomVector(16, seed: 3);
        var before = new float[11];
        var after = new float[11];

        head.Forward(f, before);
        head.Swap(second);
        head.Forward(f, after);

        Assert.Same(second, head.Adapter);
        Assert.NotEqual(before, after);
        Assert.True(Math.Abs(Naive(second, f)[4] - after[4]) < 1e-4);
    }

    [Fact]
    public void Swap_refuses_an_adapter_of_another_shape()
    {
        var head = new AdapterHead(new AdapterParameters(11, 16, 2));
        var ex = Assert.Throws<ArgumentException>(() => head.Swap(new AdapterParameters(11, 16, 0)));
        Assert.Contains("r=0", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Spans_of_the_wrong_length_are_refused()
    {
        var head = new AdapterHead(new AdapterParameters(11, 16));
        Assert.Throws<ArgumentException>(() => head.Forward(new float[15], new float[11]));
        Assert.Throws<ArgumentException>(() => head.Forward(new float[16], new float[10]));
    }
}
