namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>Which ONNX Runtime execution provider the backbone should run on.</summary>
public enum ExecutionProviderPreference
{
    /// <summary>TensorRT if the loaded native library has it, else CUDA if it has that, else CPU.</summary>
    Auto,

    /// <summary>The CPU provider (always present).</summary>
    Cpu,

    /// <summary>CUDA; fails if the native library was built without it.</summary>
    Cuda,

    /// <summary>TensorRT; fails if the native library was built without it.</summary>
    TensorRT,
}
