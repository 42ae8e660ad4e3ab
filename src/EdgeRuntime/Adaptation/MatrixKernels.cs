using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// The one matrix product the adapter's inner loop needs, written so that it runs near the CPU's
/// vector peak: C[m, k] (+)= Σ_l A(i, l) · B[l, k], with B and C row-major and A read through strides
/// (so Aᵀ costs nothing). A 4-row × 2-vector register tile keeps eight accumulators live, each
/// broadcast of A feeds two fused multiply-adds and each load of B feeds four. The tile is generic over
/// the register width (<see cref="ISimdLanes{TVector}"/>): 4 floats on NEON, 8 on AVX2, 16 on AVX-512,
/// one source for the workstation and the Pi, and every width testable on x86.
/// </summary>
internal static class MatrixKernels
{
    private const int RowTile = 4;
    private const int DepthBlock = 128;

    // Eight rows × two vectors = 16 accumulators need 32 vector registers: AArch64 (NEON) and x86 with
    // AVX-512 (EVEX encodes 32 registers at every width) have them; AVX2's 16 would spill.
    private static readonly bool WideRowTile = AdvSimd.IsSupported || Avx512F.VL.IsSupported;

    /// <summary>Columns of C handled by one register tile at <paramref name="width"/>; pad K to a multiple of this to avoid the scalar tail.</summary>
    public static int ColumnTile(KernelWidth width) => 2 * KernelWidths.Lanes(width);

    /// <summary>
    /// C[m, k] = (accumulate ? C : 0) + A · B, where A(i, p) = a[i · aRowStride + p · aColStride],
    /// B is [l, k] row-major and C is [m, k] row-major.
    /// </summary>
    public static void Multiply(
        KernelWidth width,
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

        switch (width)
        {
            case KernelWidth.Vector128:
                Multiply<Vector128<float>, Lanes128>(a, aRowStride, aColStride, b, c, m, l, k);
                break;
            case KernelWidth.Vector256:
                Multiply<Vector256<float>, Lanes256>(a, aRowStride, aColStride, b, c, m, l, k);
                break;
            case KernelWidth.Vector512:
                Multiply<Vector512<float>, Lanes512>(a, aRowStride, aColStride, b, c, m, l, k);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(width), width, "Unknown kernel width.");
        }
    }

    private static void Multiply<TVector, TLanes>(
        ReadOnlySpan<float> a, int aRowStride, int aColStride,
        ReadOnlySpan<float> b, Span<float> c, int m, int l, int k)
        where TVector : struct
        where TLanes : ISimdLanes<TVector>
    {
        ref float ra = ref MemoryMarshal.GetReference(a);
        ref float rb = ref MemoryMarshal.GetReference(b);
        ref float rc = ref MemoryMarshal.GetReference(c);
        int tile = 2 * TLanes.Count;
        int fullColumns = k / tile * tile;
        // Depth blocks keep the [depth, tile] slice of B in L1 (the dW product's depth is the whole support, n = 512).
        for (int p0 = 0; p0 < l; p0 += DepthBlock)
        {
            int depth = Math.Min(DepthBlock, l - p0);
            ref float ap = ref Unsafe.Add(ref ra, p0 * aColStride);
            ref float bp = ref Unsafe.Add(ref rb, p0 * k);
            // Column tiles outside rows: the B slice stays in L1 while every row of A streams past.
            for (int j = 0; j < fullColumns; j += tile)
            {
                int i = 0;
                if (WideRowTile)
                {
                    for (; i + 8 <= m; i += 8)
                    {
                        TileEightRows<TVector, TLanes>(ref ap, aRowStride, aColStride, ref bp, ref rc, i, j, depth, k);
                    }
                }

                for (; i + RowTile <= m; i += RowTile)
                {
                    TileFourRows<TVector, TLanes>(ref ap, aRowStride, aColStride, ref bp, ref rc, i, j, depth, k);
                }

                for (; i < m; i++)
                {
                    TileOneRow<TVector, TLanes>(ref ap, aRowStride, aColStride, ref bp, ref rc, i, j, depth, k);
                }
            }
        }

        // Scalar tail for the last k mod tile columns (callers pad K so this is rare).
        for (int column = fullColumns; column < k; column++)
        {
            for (int i = 0; i < m; i++)
            {
                float sum = 0f;
                int aIndex = i * aRowStride;
                for (int p = 0; p < l; p++, aIndex += aColStride)
                {
                    sum += Unsafe.Add(ref ra, aIndex) * Unsafe.Add(ref rb, p * k + column);
                }

                Unsafe.Add(ref rc, i * k + column) += sum;
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
    private static void TileEightRows<TVector, TLanes>(ref float ra, int aRowStride, int aColStride, ref float rb, ref float rc, int i, int j, int l, int k)
        where TVector : struct
        where TLanes : ISimdLanes<TVector>
    {
        nuint w = (nuint)TLanes.Count;
        ref float c0 = ref Unsafe.Add(ref rc, i * k + j);
        ref float c1 = ref Unsafe.Add(ref c0, k);
        ref float c2 = ref Unsafe.Add(ref c1, k);
        ref float c3 = ref Unsafe.Add(ref c2, k);
        ref float c4 = ref Unsafe.Add(ref c3, k);
        ref float c5 = ref Unsafe.Add(ref c4, k);
        ref float c6 = ref Unsafe.Add(ref c5, k);
        ref float c7 = ref Unsafe.Add(ref c6, k);
        var c00 = TLanes.Load(ref c0, 0);
        var c01 = TLanes.Load(ref c0, w);
        var c10 = TLanes.Load(ref c1, 0);
        var c11 = TLanes.Load(ref c1, w);
        var c20 = TLanes.Load(ref c2, 0);
        var c21 = TLanes.Load(ref c2, w);
        var c30 = TLanes.Load(ref c3, 0);
        var c31 = TLanes.Load(ref c3, w);
        var c40 = TLanes.Load(ref c4, 0);
        var c41 = TLanes.Load(ref c4, w);
        var c50 = TLanes.Load(ref c5, 0);
        var c51 = TLanes.Load(ref c5, w);
        var c60 = TLanes.Load(ref c6, 0);
        var c61 = TLanes.Load(ref c6, w);
        var c70 = TLanes.Load(ref c7, 0);
        var c71 = TLanes.Load(ref c7, w);
        ref float a0 = ref Unsafe.Add(ref ra, i * aRowStride);
        ref float bj = ref Unsafe.Add(ref rb, j);
        for (int p = 0; p < l; p++)
        {
            var b0 = TLanes.Load(ref bj, (nuint)(p * k));
            var b1 = TLanes.Load(ref bj, (nuint)(p * k) + w);
            ref float ap = ref Unsafe.Add(ref a0, p * aColStride);
            var x = TLanes.Broadcast(ap);
            c00 = TLanes.MultiplyAdd(x, b0, c00);
            c01 = TLanes.MultiplyAdd(x, b1, c01);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, aRowStride));
            c10 = TLanes.MultiplyAdd(x, b0, c10);
            c11 = TLanes.MultiplyAdd(x, b1, c11);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, 2 * aRowStride));
            c20 = TLanes.MultiplyAdd(x, b0, c20);
            c21 = TLanes.MultiplyAdd(x, b1, c21);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, 3 * aRowStride));
            c30 = TLanes.MultiplyAdd(x, b0, c30);
            c31 = TLanes.MultiplyAdd(x, b1, c31);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, 4 * aRowStride));
            c40 = TLanes.MultiplyAdd(x, b0, c40);
            c41 = TLanes.MultiplyAdd(x, b1, c41);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, 5 * aRowStride));
            c50 = TLanes.MultiplyAdd(x, b0, c50);
            c51 = TLanes.MultiplyAdd(x, b1, c51);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, 6 * aRowStride));
            c60 = TLanes.MultiplyAdd(x, b0, c60);
            c61 = TLanes.MultiplyAdd(x, b1, c61);
            x = TLanes.Broadcast(Unsafe.Add(ref ap, 7 * aRowStride));
            c70 = TLanes.MultiplyAdd(x, b0, c70);
            c71 = TLanes.MultiplyAdd(x, b1, c71);
        }

        TLanes.Store(c00, ref c0, 0);
        TLanes.Store(c01, ref c0, w);
        TLanes.Store(c10, ref c1, 0);
        TLanes.Store(c11, ref c1, w);
        TLanes.Store(c20, ref c2, 0);
        TLanes.Store(c21, ref c2, w);
        TLanes.Store(c30, ref c3, 0);
        TLanes.Store(c31, ref c3, w);
        TLanes.Store(c40, ref c4, 0);
        TLanes.Store(c41, ref c4, w);
        TLanes.Store(c50, ref c5, 0);
        TLanes.Store(c51, ref c5, w);
        TLanes.Store(c60, ref c6, 0);
        TLanes.Store(c61, ref c6, w);
        TLanes.Store(c70, ref c7, 0);
        TLanes.Store(c71, ref c7, w);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void TileFourRows<TVector, TLanes>(ref float ra, int aRowStride, int aColStride, ref float rb, ref float rc, int i, int j, int l, int k)
        where TVector : struct
        where TLanes : ISimdLanes<TVector>
    {
        nuint w = (nuint)TLanes.Count;
        ref float c0 = ref Unsafe.Add(ref rc, i * k + j);
        ref float c1 = ref Unsafe.Add(ref c0, k);
        ref float c2 = ref Unsafe.Add(ref c1, k);
        ref float c3 = ref Unsafe.Add(ref c2, k);
        var c00 = TLanes.Load(ref c0, 0);
        var c01 = TLanes.Load(ref c0, w);
        var c10 = TLanes.Load(ref c1, 0);
        var c11 = TLanes.Load(ref c1, w);
        var c20 = TLanes.Load(ref c2, 0);
        var c21 = TLanes.Load(ref c2, w);
        var c30 = TLanes.Load(ref c3, 0);
        var c31 = TLanes.Load(ref c3, w);
        int a0 = i * aRowStride;
        int a1 = a0 + aRowStride;
        int a2 = a1 + aRowStride;
        int a3 = a2 + aRowStride;
        ref float bj = ref Unsafe.Add(ref rb, j);
        for (int p = 0; p < l; p++)
        {
            var b0 = TLanes.Load(ref bj, (nuint)(p * k));
            var b1 = TLanes.Load(ref bj, (nuint)(p * k) + w);
            int offset = p * aColStride;
            var x0 = TLanes.Broadcast(Unsafe.Add(ref ra, a0 + offset));
            var x1 = TLanes.Broadcast(Unsafe.Add(ref ra, a1 + offset));
            var x2 = TLanes.Broadcast(Unsafe.Add(ref ra, a2 + offset));
            var x3 = TLanes.Broadcast(Unsafe.Add(ref ra, a3 + offset));
            c00 = TLanes.MultiplyAdd(x0, b0, c00);
            c01 = TLanes.MultiplyAdd(x0, b1, c01);
            c10 = TLanes.MultiplyAdd(x1, b0, c10);
            c11 = TLanes.MultiplyAdd(x1, b1, c11);
            c20 = TLanes.MultiplyAdd(x2, b0, c20);
            c21 = TLanes.MultiplyAdd(x2, b1, c21);
            c30 = TLanes.MultiplyAdd(x3, b0, c30);
            c31 = TLanes.MultiplyAdd(x3, b1, c31);
        }

        TLanes.Store(c00, ref c0, 0);
        TLanes.Store(c01, ref c0, w);
        TLanes.Store(c10, ref c1, 0);
        TLanes.Store(c11, ref c1, w);
        TLanes.Store(c20, ref c2, 0);
        TLanes.Store(c21, ref c2, w);
        TLanes.Store(c30, ref c3, 0);
        TLanes.Store(c31, ref c3, w);
    }

    private static void TileOneRow<TVector, TLanes>(ref float ra, int aRowStride, int aColStride, ref float rb, ref float rc, int i, int j, int l, int k)
        where TVector : struct
        where TLanes : ISimdLanes<TVector>
    {
        nuint w = (nuint)TLanes.Count;
        ref float c0 = ref Unsafe.Add(ref rc, i * k + j);
        var c00 = TLanes.Load(ref c0, 0);
        var c01 = TLanes.Load(ref c0, w);
        int a0 = i * aRowStride;
        ref float bj = ref Unsafe.Add(ref rb, j);
        for (int p = 0; p < l; p++)
        {
            var x0 = TLanes.Broadcast(Unsafe.Add(ref ra, a0 + p * aColStride));
            c00 = TLanes.MultiplyAdd(x0, TLanes.Load(ref bj, (nuint)(p * k)), c00);
            c01 = TLanes.MultiplyAdd(x0, TLanes.Load(ref bj, (nuint)(p * k) + w), c01);
        }

        TLanes.Store(c00, ref c0, 0);
        TLanes.Store(c01, ref c0, w);
    }
}
