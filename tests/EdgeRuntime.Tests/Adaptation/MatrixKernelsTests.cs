using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation;

public sealed class MatrixKernelsTests
{
    public static TheoryData<int> Widths => [128, 256, 512];

    [Theory]
    [MemberData(nameof(Widths))]
    public void Product_equals_the_plain_triple_loop_at_every_register_width(int bits)
    {
        // 21 rows = two 8-row tiles + one 4-row tile + one single row; depth 300 spans three depth blocks;
        // 70 columns leave a scalar tail at every width (70 is not a multiple of 8, 16 or 32).
        const int m = 21, l = 300, k = 70;
        var a = Random(m * l, seed: 1);
        var b = Random(l * k, seed: 2);
        var c = Random(m * k, seed: 3);
        var expected = new double[m * k];
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = c[i * k + j];
                for (int p = 0; p < l; p++)
                {
                    sum += (double)a[i * l + p] * b[p * k + j];
                }

                expected[i * k + j] = sum;
            }
        }

        MatrixKernels.Multiply(AdapterTestData.Width(bits), a, l, 1, b, c, m, l, k, accumulate: true);

        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], c[i], 1e-4);
        }
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public void Transposed_a_read_through_strides_gives_the_product_of_the_transpose(int bits)
    {
        // A(i, p) = a[p · m + i]: the dW = Gᵀ H' product of the inner loop.
        const int m = 13, l = 140, k = 32;
        var a = Random(l * m, seed: 4);
        var b = Random(l * k, seed: 5);
        var c = new float[m * k];
        c.AsSpan().Fill(99f); // overwritten, not accumulated

        MatrixKernels.Multiply(AdapterTestData.Width(bits), a, 1, m, b, c, m, l, k, accumulate: false);

        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < k; j++)
            {
                double sum = 0;
                for (int p = 0; p < l; p++)
                {
                    sum += (double)a[p * m + i] * b[p * k + j];
                }

                Assert.Equal(sum, c[i * k + j], 1e-4);
            }
        }
    }

    private static float[] Random(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (float)(random.NextDouble() * 2 - 1);
        }

        return values;
    }
}
