using EdgeMeta.EdgeRuntime.Inference;

namespace EdgeMeta.EdgeRuntime.Tests.Deploy;

/// <summary>
/// The CUDA build of ONNX Runtime lists CUDA and TensorRT even on a host that cannot run them; registering them
/// then fails. These tests drive the fallback order with a registration that fails as the native one does.
/// deploy/test-gpu-fallback.sh checks the same with the real CUDA package on this GPU-less machine.
/// </summary>
public sealed class ExecutionProviderFallbackTests
{
    private static readonly string[] GpuBuild = [ExecutionProviders.TensorRtName, ExecutionProviders.CudaName, ExecutionProviders.CpuName];

    [Fact]
    public void Auto_on_a_host_without_CUDA_falls_back_to_the_CPU_and_says_so()
    {
        var log = new List<string>();
        var tried = new List<string>();
        var chosen = ExecutionProviders.Choose(ExecutionProviderPreference.Auto, GpuBuild);

        var used = ExecutionProviders.Append(chosen, GpuBuild, ExecutionProviderPreference.Auto, log.Add, name =>
        {
            tried.Add(name);
            throw new DllNotFoundException("libcudart.so.12: cannot open shared object file");
        });

        Assert.Equal(ExecutionProviders.CpuName, used);
        Assert.Equal([ExecutionProviders.TensorRtName, ExecutionProviders.CudaName], tried);
        Assert.Equal(2, log.Count);
        Assert.Contains("falling back to CPUExecutionProvider", log[1], StringComparison.Ordinal);
        Assert.Contains("libcudart.so.12", log[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Cuda_that_starts_is_used_without_a_warning()
    {
        var log = new List<string>();
        var used = ExecutionProviders.Append(ExecutionProviders.CudaName, GpuBuild, ExecutionProviderPreference.Auto, log.Add, _ => { });

        Assert.Equal(ExecutionProviders.CudaName, used);
        Assert.Empty(log);
    }

    [Fact]
    public void An_explicit_CUDA_request_that_cannot_start_is_an_error_naming_the_reason()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ExecutionProviders.Append(
            ExecutionProviders.CudaName, GpuBuild, ExecutionProviderPreference.Cuda, _ => { },
            _ => throw new DllNotFoundException("libcublasLt.so.12: cannot open shared object file")));

        Assert.Contains("CUDAExecutionProvider", e.Message, StringComparison.Ordinal);
        Assert.Contains("libcublasLt.so.12", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_cpu_package_never_tries_a_gpu_provider()
    {
        var tried = new List<string>();
        var used = ExecutionProviders.Append(
            ExecutionProviders.Choose(ExecutionProviderPreference.Auto, [ExecutionProviders.CpuName]),
            [ExecutionProviders.CpuName], ExecutionProviderPreference.Auto, _ => { }, tried.Add);

        Assert.Equal(ExecutionProviders.CpuName, used);
        Assert.Empty(tried);
    }
}
