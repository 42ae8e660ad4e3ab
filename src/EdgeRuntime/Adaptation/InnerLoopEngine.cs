namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>Which code computes the inner loop's steps. Every engine gives the same adapter to float rounding.</summary>
public enum InnerLoopEngine
{
    /// <summary>The fastest measured engine for the adapter's shape (see <see cref="InnerLoop"/>).</summary>
    Auto,

    /// <summary>The closed-form gradient on EdgeRuntime's tiled SIMD kernel, at the widest register width the CPU has.</summary>
    TiledKernel,

    /// <summary>
    /// The step as a small ONNX graph on ONNX Runtime (its MLAS GEMM kernels). Rank 0 only: an adapter with
    /// a low-rank residual runs on the tiled kernel.
    /// </summary>
    OnnxRuntime,
}
