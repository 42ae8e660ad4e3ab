using BenchmarkDotNet.Attributes;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// One backbone step (T = 1, one token in, features out, state carried) single-threaded: ONNX Runtime through
/// <see cref="OnnxBackbone.Step"/> next to the same trained-layout model in TorchSharp eager mode (no_grad), in
/// one run, at H = 128 and 256 (E = 64, 2 GRU layers: the trainer's default shape). Design budget for the whole
/// generation step (backbone + head + sampling): p99 &lt; 0.5 ms and zero allocations.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*GenerationStepBenchmark*' --job short
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TailLatencyConfig))]
public class GenerationStepBenchmark
{
    private const int EmbeddingSize = 64;
    private const int Layers = 2;
    private readonly int[] _tokens = new int[256];
    private string _directory = string.Empty;
    private OnnxBackbone _onnx = null!;
    private Backbone _torch = null!;
    private Tensor _torchToken = null!;
    private Tensor _torchState = null!;
    private int _next;

    [Params(128, 256)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        manual_seed(1);
        _torch = new Backbone(new ModelConfig(EmbeddingSize, Hidden, Layers));
        _torch.eval();
        _directory = Directory.CreateTempSubdirectory("edgemeta-bench-").FullName;
        var path = Path.Combine(_directory, "backbone.onnx");
        BackboneOnnxExporter.Export(_torch.ExportWeights(), path);
        _onnx = new OnnxBackbone(path, new BackboneSessionOptions { IntraOpThreads = 1 });

        var random = new Random(2);
        for (var i = 0; i < _tokens.Length; i++)
        {
            _tokens[i] = random.Next(Vocabulary.Size);
        }

        _torchToken = zeros(1, 1, dtype: ScalarType.Int64);               // [T=1, B=1]
        _torchState = zeros(Layers, 1, Hidden);                           // [L, B=1, H]
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _torchToken.Dispose();
        _torchState.Dispose();
        _torch.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "ONNX Runtime backbone step")]
    public float OnnxRuntimeBackboneStep()
    {
        var features = _onnx.Step(NextToken());
        return features[0];
    }

    [Benchmark(Description = "TorchSharp eager backbone step")]
    public float TorchSharpEagerBackboneStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _torchToken.fill_(NextToken());
        var (features, state) = _torch.forward(_torchToken, _torchState); // [1, 1, H], [L, 1, H]
        _torchState.Dispose();
        _torchState = state.MoveToOuterDisposeScope();
        return features.data<float>()[0];
    }

    private int NextToken() => _tokens[_next++ & (_tokens.Length - 1)];
}
