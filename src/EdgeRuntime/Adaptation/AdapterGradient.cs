using System.Numerics.Tensors;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// Mean softmax cross-entropy of the adapter on a <see cref="SupportBatch"/> and its closed-form
/// gradient, with no training runtime. With H the features [N, F], W [V, F], b [V], D [r, F], U [F, r]:
/// <code>
///   Z  = H Dᵀ                  [N, r]     (absent when r = 0)
///   H' = H + Z Uᵀ              [N, F]
///   L  = H' Wᵀ + b             [N, V]     logits
///   G  = (softmax(L) − onehot(y)) / N     dLoss/dL
///   dW = Gᵀ H'    db = Σ_n G_n
///   gH' = G W                  [N, F]
///   dU = gH'ᵀ Z   gZ = gH' U   dD = gZᵀ H
/// </code>
/// The object keeps its work buffers between calls so the inner loop allocates only when the batch
/// grows; it is therefore not thread-safe: one instance per adaptation thread.
/// </summary>
public sealed class AdapterGradient
{
    private readonly KernelWidth _width;
    private float[] _weightT = [];      // [F, Vp]  Wᵀ padded to a multiple of the kernel's column tile
    private float[] _logits = [];       // [N, Vp]  logits, then G in place
    private float[] _adapted = [];      // [N, F]   H' (only when r > 0)
    private float[] _z = [];            // [N, r]
    private float[] _gradAdapted = [];  // [N, F]   gH'
    private float[] _gradZ = [];        // [N, r]
    private float[] _loraUpT = [];      // [r, F]  Uᵀ
    private float[] _gradUpT = [];      // [r, F]  dUᵀ

    /// <summary>Uses the widest register width the CPU accelerates.</summary>
    public AdapterGradient()
        : this(KernelWidths.Widest)
    {
    }

    /// <summary>Uses the tiled kernel at <paramref name="width"/> (tests force the Pi's 128-bit path on x86).</summary>
    internal AdapterGradient(KernelWidth width)
    {
        _ = KernelWidths.Lanes(width); // rejects an undefined width here rather than at the first product
        _width = width;
    }

    /// <summary>Mean negative log-likelihood (nats per predicted token) of the batch's targets.</summary>
    /// <exception cref="ArgumentException">The adapter and batch shapes disagree.</exception>
    public float Loss(AdapterParameters parameters, SupportBatch batch) => Compute(parameters, batch, null);

    /// <summary>
    /// Computes the mean cross-entropy and writes its gradient with respect to every adapter tensor
    /// into <paramref name="gradient"/> (overwritten, same shape as <paramref name="parameters"/>).
    /// </summary>
    /// <returns>The loss at <paramref name="parameters"/>, before any update.</returns>
    /// <exception cref="ArgumentException">The shapes disagree or a target is outside the vocabulary.</exception>
    public float LossAndGradient(AdapterParameters parameters, SupportBatch batch, AdapterParameters gradient)
    {
        ArgumentNullException.ThrowIfNull(gradient);
        return Compute(parameters, batch, gradient);
    }

    private float Compute(AdapterParameters p, SupportBatch batch, AdapterParameters? grad)
    {
        ArgumentNullException.ThrowIfNull(p);
        ArgumentNullException.ThrowIfNull(batch);
        int n = batch.Count, f = p.FeatureSize, v = p.VocabularySize, r = p.Rank;
        if (batch.FeatureSize != f)
        {
            throw new ArgumentException($"Support features have F={batch.FeatureSize} but the adapter expects F={f}.", nameof(batch));
        }

        if (grad is not null && (grad.VocabularySize != v || grad.FeatureSize != f || grad.Rank != r))
        {
            throw new ArgumentException("The gradient buffer must have the adapter's shape.", nameof(grad));
        }

        if (n == 0)
        {
            throw new ArgumentException("The support batch is empty.", nameof(batch));
        }

        int tile = MatrixKernels.ColumnTile(_width);
        int vp = (v + tile - 1) / tile * tile;
        EnsureCapacity(n, f, vp, r);

        // H' = H + (H Dᵀ) Uᵀ
        float[] adapted = batch.Features;
        if (r > 0)
        {
            adapted = _adapted;
            // Z [N, r]: r is small, so one dot product per entry (rows of H against rows of D).
            for (int row = 0; row < n; row++)
            {
                var hRow = batch.Features.AsSpan(row * f, f);
                for (int k = 0; k < r; k++)
                {
                    _z[row * r + k] = TensorPrimitives.Dot(hRow, p.LoraDown.AsSpan(k * f, f));
                }
            }

            Array.Copy(batch.Features, adapted, n * f);
            // H' += Z Uᵀ: A = Z [N, r], B = Uᵀ [r, F]
            MatrixKernels.Transpose(p.LoraUp, f, r, _loraUpT, f);        // Uᵀ [r, F]
            MatrixKernels.Multiply(_width, _z, r, 1, _loraUpT, adapted, n, r, f, accumulate: true);
        }

        // Logits [N, Vp] = b + H' Wᵀ
        _weightT.AsSpan(0, f * vp).Clear();
        MatrixKernels.Transpose(p.HeadWeight, v, f, _weightT, vp);
        var logits = _logits.AsSpan(0, n * vp);
        for (int row = 0; row < n; row++)
        {
            var dst = logits.Slice(row * vp, vp);
            p.HeadBias.CopyTo(dst);
            dst[v..].Clear();
        }

        MatrixKernels.Multiply(_width, adapted, f, 1, _weightT, logits, n, f, vp, accumulate: true);

        // Row-wise log-softmax; G = (softmax − onehot) / N written over the logits.
        double lossSum = 0;
        float invN = 1f / n;
        for (int row = 0; row < n; row++)
        {
            int target = batch.Targets[row];
            if (target >= v)
            {
                throw new ArgumentException($"Support target {target} is outside the adapter's vocabulary of {v}.", nameof(batch));
            }

            var x = logits.Slice(row * vp, v);
            float max = TensorPrimitives.Max(x);
            TensorPrimitives.Subtract(x, max, x);
            float shiftedTarget = x[target];
            TensorPrimitives.Exp(x, x);
            float sum = TensorPrimitives.Sum(x);
            lossSum += Math.Log(sum) - shiftedTarget;
            if (grad is not null)
            {
                TensorPrimitives.Multiply(x, invN / sum, x);
                x[target] -= invN;
            }
        }

        if (grad is null)
        {
            return (float)(lossSum / n);
        }

        // dW [V, F] = Gᵀ H': A(v, n) = G[n, v] → row stride 1, column stride Vp.
        MatrixKernels.Multiply(_width, logits, 1, vp, adapted, grad.HeadWeight, v, n, f, accumulate: false);
        var db = grad.HeadBias.AsSpan();
        db.Clear();
        for (int row = 0; row < n; row++)
        {
            TensorPrimitives.Add(db, logits.Slice(row * vp, v), db);
        }

        if (r > 0)
        {
            // gH' [N, F] = G W: A = G [N, V] (stride Vp), B = W [V, F].
            MatrixKernels.Multiply(_width, logits, vp, 1, p.HeadWeight, _gradAdapted, n, v, f, accumulate: false);
            // dUᵀ [r, F] = Zᵀ gH' keeps F as the vectorised dimension (r is too narrow for the kernel's tile).
            MatrixKernels.Multiply(_width, _z, 1, r, _gradAdapted, _gradUpT, r, n, f, accumulate: false);
            MatrixKernels.Transpose(_gradUpT, r, f, grad.LoraUp, r);
            // gZ [N, r] = gH' U: one dot product per entry against the rows of Uᵀ.
            for (int row = 0; row < n; row++)
            {
                var g = _gradAdapted.AsSpan(row * f, f);
                for (int k = 0; k < r; k++)
                {
                    _gradZ[row * r + k] = TensorPrimitives.Dot(g, _loraUpT.AsSpan(k * f, f));
                }
            }

            // dD [r, F] = gZᵀ H: A(k, n) = gZ[n, k].
            MatrixKernels.Multiply(_width, _gradZ, 1, r, batch.Features, grad.LoraDown, r, n, f, accumulate: false);
        }

        return (float)(lossSum / n);
    }

    private void EnsureCapacity(int n, int f, int vp, int r)
    {
        Grow(ref _weightT, f * vp);
        Grow(ref _logits, n * vp);
        if (r > 0)
        {
            Grow(ref _adapted, n * f);
            Grow(ref _z, n * r);
            Grow(ref _gradAdapted, n * f);
            Grow(ref _gradZ, n * r);
            Grow(ref _loraUpT, r * f);
            Grow(ref _gradUpT, r * f);
        }
    }

    private static void Grow(ref float[] buffer, int length)
    {
        if (buffer.Length < length)
        {
            buffer = new float[length];
        }
    }
}
