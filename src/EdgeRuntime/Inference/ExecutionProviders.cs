using Microsoft.ML.OnnxRuntime;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// Chooses an execution provider from what the loaded ONNX Runtime native library offers: the CPU package
/// has only CPU; the CUDA package (<c>-p:EdgeMetaOnnxRuntimeGpu=true</c>) and a Jetson build swapped in at deploy
/// time also have CUDA and TensorRT.
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

    /// <summary>
    /// Registers <paramref name="provider"/> on the session options and returns the provider the session will
    /// run on. A library built with CUDA lists CUDA and TensorRT even on a host without a GPU or without the CUDA
    /// libraries; registering them then fails. For a choice made by <see cref="ExecutionProviderPreference.Auto"/>
    /// that failure is not an error: the next provider down (TensorRT, CUDA, CPU) is tried and
    /// <paramref name="log"/> is told why. An explicit request fails with the native library's reason.
    /// </summary>
    /// <exception cref="InvalidOperationException">An explicitly requested provider could not be registered.</exception>
    public static string Append(SessionOptions options, string provider, IReadOnlyCollection<string> available,
        ExecutionProviderPreference preference, Action<string> log) =>
        Append(provider, available, preference, log, name => Register(options, name));

    /// <summary>The fallback order of <see cref="Append(SessionOptions, string, IReadOnlyCollection{string}, ExecutionProviderPreference, Action{string})"/>
    /// with the native registration behind a seam, so the order and the log line can be tested without a GPU.</summary>
    internal static string Append(string provider, IReadOnlyCollection<string> available,
        ExecutionProviderPreference preference, Action<string> log, Action<string> register)
    {
        var candidate = provider;
        while (candidate != CpuName)
        {
            try
            {
                register(candidate);
                if (candidate == TensorRtName && available.Contains(CudaName))
                {
                    AlsoCuda(register, log);
                }

                return candidate;
            }
            catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
            {
                if (preference != ExecutionProviderPreference.Auto)
                {
                    throw new InvalidOperationException(
                        $"ONNX Runtime execution provider {candidate} is in the native library but could not start on this host: {e.Message}", e);
                }

                var next = candidate == TensorRtName && available.Contains(CudaName) ? CudaName : CpuName;
                log($"execution provider {candidate} could not start on this host, falling back to {next}: {FirstLine(e.Message)}");
                candidate = next;
            }
        }

        return CpuName;
    }

    // Nodes TensorRT cannot take fall back to CUDA before CPU; without CUDA they simply run on the CPU.
    private static void AlsoCuda(Action<string> register, Action<string> log)
    {
        try
        {
            register(CudaName);
        }
        catch (Exception e) when (e is OnnxRuntimeException or DllNotFoundException or EntryPointNotFoundException)
        {
            log($"execution provider {CudaName} could not start on this host; nodes TensorRT does not take run on {CpuName}: {FirstLine(e.Message)}");
        }
    }

    // CPU needs nothing: it is always the last provider in the session.
    private static void Register(SessionOptions options, string provider)
    {
        switch (provider)
        {
            case TensorRtName:
                options.AppendExecutionProvider_Tensorrt(0);
                break;
            case CudaName:
                options.AppendExecutionProvider_CUDA(0);
                break;
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOf('\n', StringComparison.Ordinal);
        return end < 0 ? message : message[..end].TrimEnd();
    }
}
