using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// The one matrix product the adapter's inner loop needs, written so that it runs near the CPU's
/// vector peak: C[m, k] (+)= Σ_l A(i, l) · B[l, k], with B and C row-major and A read through strides
/// (so Aᵀ costs nothing). A 4-row × 2-vector register tile keeps eight accumulators live, each
/// broadcast of A feeds two fused multiply-adds and each load of B feeds four. Vector&lt;float&gt; is
/// 8 wide on AVX2 and 4 wide on NEON, so the same code serves the workstation and the Pi.
/// </summary>
internal static class MatrixKernels
{
    private const int RowTile = 4;

    /// <summary>Columns of C handled by one register tile; pad K to a multiple of this to avoid the scalar tail.</summary>
    public static int ColumnTile => 2 * Vector<float>.Count;

    /// <summary>
    /// C[m, k] = (accumulate ? C : 0) + A · B, where A(i, p) = a[i · aRowStride + p · aColStride],
    /// B is [l, k] row-major and C is [m, k] row-major.
    /// </summary>
    public static void Multiply(
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, Span<float> c, int m, int l, int k, bool accumulate)
    {
        if (m == 0 || k == 0)
        {
            return;
        }

        if ((long)(m - 1) * aRowStride + (long)(l - 1) * aColStride >= a.Length && l > 0)
        {
            throw new ArgumentException($"A is too small for [{m}, {l}] with strides ({aRowStride}, {aColStride}).", nameof(a));
        }

        if (b.Length < l * k || c.Length < m * k)
        {
            throw new ArgumentException($"B or C too small for [{m}, {l}] x [{l}, {k}].");
        }

        if (!accumulate)
        {
            c[..(m * k)].Clear();
        }

        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        int w = Vector<float>.Count;
        int tile = 2 * w;
        int j = 0;
        // Column tiles outermost: the [l, tile] slice of B stays in L1 while every row of A streams past.
        for (; j + tile <= k; j += tile)
        {
            int i = 0;
            for (; i + RowTile <= m; i += RowTile)
            {
                TileFourRows(ref ra, aRowStride, aColStride, ref rb, ref rc, i, j, l, k);
            }

            for (; i < m; i++)
            {
                TileOneRow(ref ra, aRowStride, aColStride, ref rb, ref rc, i, j, l, k);
            }
        }

        // Scalar tail for the last k mod tile columns (callers pad K so this is rare).
        for (; j < k; j++)
        {
            for (int i = 0; i < m; i++)
            {
                float sum = 0f;
                int aIndex = i * aRowStride;
                for (int p = 0; p < l; p++, aIndex += aColStride)
                {
                    sum += Unsafe.Add(ref ra, aIndex) * Unsafe.Add(ref rb, p * k + j);
                }

                Unsafe.Add(ref rc, i * k + j) += sum;
            }
        }
    }

    /// <summary>dst[c, r] = src[r, c] for a [rows, cols] source; dst has row stride <paramref name="dstStride"/> ≥ rows.</summary>
    public static void Transpose(ReadOnlySpan<float> src, int rows, int cols, Span<float> dst, int dstStride)
    {
        // Blocks of 16×16 keep both sides in cache lines.
        const int Block = 16;
        for (int r0 = 0; r0 < rows; r0 += Block)
        {
            int r1 = Math.Min(rows, r0 + Block);
            for (int c0 = 0; c0 < cols; c0 += Block)
            {
                int c1 = Math.Min(cols, c0 + Block);
                for (int r = r0; r < r1; r++)
                {
                    for (int c = c0; c < c1; c++)
                    {
                        dst[c * dstStride + r] = src[r * cols + c];
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileFourRows(ref float ra, int aRowStride, int aColStride, ref float rb, ref float rc, int i, int j, int l, int k)
    {
        int w = Vector<float>.Count;
        ref float c0 = ref Unsafe.Add(ref rc, i * k + j);
        ref float c1 = ref Unsafe.Add(ref c0, k);
        ref float c2 = ref Unsafe.Add(ref c1, k);
        ref float c3 = ref Unsafe.Add(ref c2, k);
        var c00 = Vector.LoadUnsafe(ref c0);
        var c01 = Vector.LoadUnsafe(ref c0, (nuint)w);
        var c10 = Vector.LoadUnsafe(ref c1);
        var c11 = Vector.LoadUnsafe(ref c1, (nuint)w);
        var c20 = Vector.LoadUnsafe(ref c2);
        var c21 = Vector.LoadUnsafe(ref c2, (nuint)w);
        var c30 = Vector.LoadUnsafe(ref c3);
        var c31 = Vector.LoadUnsafe(ref c3, (nuint)w);
        int a0 = i * aRowStride;
        int a1 = a0 + aRowStride;
        int a2 = a1 + aRowStride;
        int a3 = a2 + aRowStride;
        ref float bj = ref Unsafe.Add(ref rb, j);
        for (int p = 0; p < l; p++)
        {
            var b0 = Vector.LoadUnsafe(ref bj, (nuint)(p * k));
            var b1 = Vector.LoadUnsafe(ref bj, (nuint)(p * k + w));
            int offset = p * aColStride;
            var x0 = new Vector<float>(Unsafe.Add(ref ra, a0 + offset));
            var x1 = new Vector<float>(Unsafe.Add(ref ra, a1 + offset));
            var x2 = new Vector<float>(Unsafe.Add(ref ra, a2 + offset));
            var x3 = new Vector<float>(Unsafe.Add(ref ra, a3 + offset));
            c00 = Vector.MultiplyAddEstimate(x0, b0, c00);
            c01 = Vector.MultiplyAddEstimate(x0, b1, c01);
            c10 = Vector.MultiplyAddEstimate(x1, b0, c10);
            c11 = Vector.MultiplyAddEstimate(x1, b1, c11);
            c20 = Vector.MultiplyAddEstimate(x2, b0, c20);
            c21 = Vector.MultiplyAddEstimate(x2, b1, c21);
            c30 = Vector.MultiplyAddEstimate(x3, b0, c30);
            c31 = Vector.MultiplyAddEstimate(x3, b1, c31);
        }

        c00.StoreUnsafe(ref c0);
        c01.StoreUnsafe(ref c0, (nuint)w);
        c10.StoreUnsafe(ref c1);
        c11.StoreUnsafe(ref c1, (nuint)w);
        c20.StoreUnsafe(ref c2);
        c21.StoreUnsafe(ref c2, (nuint)w);
        c30.StoreUnsafe(ref c3);
        c31.StoreUnsafe(ref c3, (nuint)w);
    }

    private static void TileOneRow(ref float ra, int aRowStride, int aColStride, ref float rb, ref float rc, int i, int j, int l, int k)
    {
        int w = Vector<float>.Count;
        ref float c0 = ref Unsafe.Add(ref rc, i * k + j);
        var c00 = Vector.LoadUnsafe(ref c0);
        var c01 = Vector.LoadUnsafe(ref c0, (nuint)w);
        int a0 = i * aRowStride;
        ref float bj = ref Unsafe.Add(ref rb, j);
        for (int p = 0; p < l; p++)
        {
            var x0 = new Vector<float>(Unsafe.Add(ref ra, a0 + p * aColStride));
            c00 = Vector.MultiplyAddEstimate(x0, Vector.LoadUnsafe(ref bj, (nuint)(p * k)), c00);
            c01 = Vector.MultiplyAddEstimate(x0, Vector.LoadUnsafe(ref bj, (nuint)(p * k + w)), c01);
        }

        c00.StoreUnsafe(ref c0);
        c01.StoreUnsafe(ref c0, (nuint)w);
    }
}
