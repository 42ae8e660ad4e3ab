using Microsoft.ML.OnnxRuntime;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// Chooses an execution provider from what the loaded ONNX Runtime native library offers: the CPU package
/// has only CPU; a Jetson build swapped in at deploy time also has CUDA and TensorRT.
/// </summary>
internal static class ExecutionProviders
{
    public const string CpuName = "CPUExecutionProvider";
    public const string CudaName = "CUDAExecutionProvider";
    public const string TensorRtName = "TensorrtExecutionProvider";

    /// <summary>The provider names the native library was built with.</summary>
    public static IReadOnlyList<string> Available() => OrtEnv.Instance().GetAvailableProviders();

    /// <summary>
    /// Picks a provider name for <paramref name="preference"/> among <paramref name="available"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">An explicit CUDA or TensorRT request the library cannot serve.</exception>
    public static string Choose(ExecutionProviderPreference preference, IReadOnlyCollection<string> available)
    {
        string Require(string name) => available.Contains(name)
            ? name
            : throw new InvalidOperationException(
                $"ONNX Runtime execution provider {name} was requested but the loaded native library offers only {string.Join(", ", available)}; install the ONNX Runtime build with it or use provider 'auto' or 'cpu'.");

        return preference switch
        {
            ExecutionProviderPreference.Cpu => CpuName,
            ExecutionProviderPreference.Cuda => Require(CudaName),
            ExecutionProviderPreference.TensorRT => Require(TensorRtName),
            _ when available.Contains(TensorRtName) => TensorRtName,
            _ when available.Contains(CudaName) => CudaName,
            _ => CpuName,
        };
    }

    /// <summary>Registers <paramref name="provider"/> on the session options (CPU needs nothing: it is always the fallback).</summary>
    public static void Append(SessionOptions options, string provider, IReadOnlyCollection<string> available)
    {
        switch (provider)
        {
            case TensorRtName:
                options.AppendExecutionProvider_Tensorrt(0);
                // Nodes TensorRT cannot take fall back to CUDA before CPU.
                if (available.Contains(CudaName))
                {
                    options.AppendExecutionProvider_CUDA(0);
                }

                break;
            case CudaName:
                options.AppendExecutionProvider_CUDA(0);
                break;
        }
    }
}
