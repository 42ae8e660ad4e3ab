using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// The adapter on the playing path: features [F] → logits [V], logits = W·(f + up·(down·f)) + b.
/// The adapter can be swapped from another thread (adaptation finishes off the playing path): the
/// reference is volatile and read once per <see cref="Forward"/>, so a step uses one adapter throughout.
/// <see cref="Forward"/> itself is for one thread (it owns scratch buffers) and allocates nothing.
/// </summary>
public sealed class AdapterHead
{
    private const int RowBlock = 4;

    private readonly float[] _adjusted; // f' [F]
    private readonly float[] _low;      // down·f [r]
    private volatile AdapterParameters _adapter;

    /// <summary>Creates a head over <paramref name="adapter"/> (used by reference, not copied).</summary>
    public AdapterHead(AdapterParameters adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        _adapter = adapter;
        _adjusted = new float[adapter.FeatureSize];
        _low = new float[adapter.Rank];
    }

    /// <summary>The adapter in use. Do not modify it in place while playing; <see cref="Swap"/> a new one.</summary>
    public AdapterParameters Adapter => _adapter;

    /// <summary>V: number of logits.</summary>
    public int VocabularySize => _adapter.VocabularySize;

    /// <summary>F: number of features.</summary>
    public int FeatureSize => _adapter.FeatureSize;

    /// <summary>Atomically replaces the adapter; the next <see cref="Forward"/> uses it.</summary>
    /// <exception cref="ArgumentException">The new adapter has other shapes (V, F, r).</exception>
    public void Swap(AdapterParameters adapter)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        var current = _adapter;
        if (adapter.VocabularySize != current.VocabularySize || adapter.FeatureSize != current.FeatureSize || adapter.Rank != current.Rank)
        {
            throw new ArgumentException(
                $"Adapter shapes [V={adapter.VocabularySize}, F={adapter.FeatureSize}, r={adapter.Rank}] differ from the head's [V={current.VocabularySize}, F={current.FeatureSize}, r={current.Rank}].",
                nameof(adapter));
        }

        _adapter = adapter;
    }

    /// <summary>Computes the logits for one feature vector. Allocation-free.</summary>
    /// <param name="features">f [F].</param>
    /// <param name="logits">Receives [V].</param>
    /// <exception cref="ArgumentException">A span has the wrong length.</exception>
    public void Forward(ReadOnlySpan<float> features, Span<float> logits)
    {
        var adapter = _adapter; // one read: a concurrent swap affects the next step, not this one
        int v = adapter.VocabularySize, f = adapter.FeatureSize, r = adapter.Rank;
        if (features.Length != f || logits.Length != v)
        {
            throw new ArgumentException($"Expected features [{f}] and logits [{v}], got [{features.Length}] and [{logits.Length}].");
        }

        ReadOnlySpan<float> input = features;
        if (r > 0)
        {
            // f' = f + up·(down·f): down [r, F], up [F, r]
            var low = _low.AsSpan();
            MatVec(adapter.LoraDown, r, f, features, low);
            var adjusted = _adjusted.AsSpan();
            MatVec(adapter.LoraUp, f, r, low, adjusted);
            TensorPrimitives.Add(adjusted, features, adjusted);
            input = adjusted;
        }

        MatVec(adapter.HeadWeight, v, f, input, logits);
        TensorPrimitives.Add(logits, adapter.HeadBias, logits);
    }

    /// <summary>
    /// y = M·x for row-major M [rows, cols]. Four rows per pass share each load of x, which keeps x in
    /// registers/L1 and quarters its traffic; the tail rows use TensorPrimitives.Dot.
    /// </summary>
    internal static void MatVec(ReadOnlySpan<float> matrix, int rows, int cols, ReadOnlySpan<float> x, Span<float> y)
    {
        var width = Vector<float>.Count;
        var row = 0;
        if (Vector.IsHardwareAccelerated && cols >= width)
        {
            var xs = MemoryMarshal.Cast<float, Vector<float>>(x);
            var vectorCols = xs.Length * width;
            for (; row + RowBlock <= rows; row += RowBlock)
            {
                var m0 = MemoryMarshal.Cast<float, Vector<float>>(matrix.Slice(row * cols, cols));
                var m1 = MemoryMarshal.Cast<float, Vector<float>>(matrix.Slice((row + 1) * cols, cols));
                var m2 = MemoryMarshal.Cast<float, Vector<float>>(matrix.Slice((row + 2) * cols, cols));
                var m3 = MemoryMarshal.Cast<float, Vector<float>>(matrix.Slice((row + 3) * cols, cols));
                Vector<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var k = 0; k < xs.Length; k++)
                {
                    var xv = xs[k];
                    a0 += m0[k] * xv;
                    a1 += m1[k] * xv;
                    a2 += m2[k] * xv;
                    a3 += m3[k] * xv;
                }

                float s0 = Vector.Sum(a0), s1 = Vector.Sum(a1), s2 = Vector.Sum(a2), s3 = Vector.Sum(a3);
                for (var c = vectorCols; c < cols; c++)
                {
                    var xc = x[c];
                    s0 += matrix[(row * cols) + c] * xc;
                    s1 += matrix[((row + 1) * cols) + c] * xc;
                    s2 += matrix[((row + 2) * cols) + c] * xc;
                    s3 += matrix[((row + 3) * cols) + c] * xc;
                }

                y[row] = s0;
                y[row + 1] = s1;
                y[row + 2] = s2;
                y[row + 3] = s3;
            }
        }

        for (; row < rows; row++)
        {
            y[row] = TensorPrimitives.Dot(matrix.Slice(row * cols, cols), x);
        }
    }
}
