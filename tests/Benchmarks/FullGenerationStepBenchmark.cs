using BenchmarkDotNet.Attributes;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;
using Generator = EdgeMeta.EdgeRuntime.Inference.Generator;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// The whole generation step, single-threaded: backbone step + adapter head + grammar-aware sampling, i.e.
/// <see cref="Generator.Next"/> on ONNX Runtime; next to it the head + sampler alone and the same step with
/// the backbone and head in TorchSharp eager mode (no_grad; logits copied out to the same C# sampler), and the
/// backbone step alone in both engines.
/// Model: E = 64, 2 GRU layers, H = 128 / 256, adapter rank 0 (the trainer's default shape).
/// Design budget: p99 &lt; 0.5 ms and zero allocations per step.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*FullGenerationStepBenchmark*' --inProcess
/// </summary>
[MemoryDiagnoser]
[Config(typeof(TailLatencyConfig))]
public class FullGenerationStepBenchmark
{
    private const int EmbeddingSize = 64;
    private const int Layers = 2;
    private readonly float[] _features = new float[256];
    private readonly float[] _logits = new float[Vocabulary.Size];
    private string _directory = string.Empty;
    private MusicModel _model = null!;
    private OnnxBackbone _onnx = null!;
    private Generator _generator = null!;
    private AdapterHead _head = null!;
    private Sampler _headOnlySampler = null!;
    private Sampler _torchSampler = null!;
    private Tensor _torchToken = null!;
    private Tensor _torchState = null!;
    private int _torchNext = Vocabulary.Bos;
    private readonly int[] _tokens = new int[256];
    private int _next;

    [Params(128, 256)]
    public int Hidden { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        set_num_threads(1);
        manual_seed(1);
        _model = new MusicModel(new ModelConfig(EmbeddingSize, Hidden, Layers));
        _model.eval();
        _directory = Directory.CreateTempSubdirectory("edgemeta-genbench-").FullName;
        var path = Path.Combine(_directory, "backbone.onnx");
        BackboneOnnxExporter.Export(_model.ExportBackbone(), path);
        _onnx = new OnnxBackbone(path, new BackboneSessionOptions { IntraOpThreads = 1 });

        var adapter = _model.ExportAdapter();
        _head = new AdapterHead(adapter);
        _generator = new Generator(_onnx, new AdapterHead(adapter), new Sampler(new SamplerSettings { Seed = 1, TopK = 40 }));
        _generator.Prime([Vocabulary.Velocity(20), Vocabulary.NoteOn(60), Vocabulary.TimeShift(25)]);
        _headOnlySampler = new Sampler(new SamplerSettings { Seed = 2, TopK = 40 });
        _torchSampler = new Sampler(new SamplerSettings { Seed = 3, TopK = 40 });
        var random = new Random(4);
        for (var i = 0; i < _features.Length; i++)
        {
            _features[i] = (float)((random.NextDouble() * 2) - 1);
        }

        for (var i = 0; i < _tokens.Length; i++)
        {
            _tokens[i] = random.Next(Vocabulary.Size);
        }

        _torchToken = zeros(1, 1, dtype: ScalarType.Int64); // [T=1, B=1]
        _torchState = zeros(Layers, 1, Hidden);              // [L, B=1, H]
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _onnx.Dispose();
        _torchToken.Dispose();
        _torchState.Dispose();
        _model.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    [Benchmark(Baseline = true, Description = "ONNX backbone + C# head + sampler (Generator.Next)")]
    public int OnnxGenerationStep() => _generator.Next();

    [Benchmark(Description = "C# head + sampler only")]
    public int HeadAndSampler()
    {
        _head.Forward(_features.AsSpan(0, Hidden), _logits);
        return _headOnlySampler.Sample(_logits);
    }

    [Benchmark(Description = "TorchSharp eager backbone + head, C# sampler")]
    public int TorchSharpEagerGenerationStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _torchToken.fill_(_torchNext);
        var (features, state) = _model.Backbone.call(_torchToken, _torchState); // [1, 1, H], [L, 1, H]
        var logits = _model.Adapter.call(features);                           // [1, 1, V]
        _torchState.Dispose();
        _torchState = state.MoveToOuterDisposeScope();
        logits.data<float>().CopyTo(_logits, 0);
        _torchNext = _torchSampler.Sample(_logits);
        return _torchNext;
    }

    [Benchmark(Description = "ONNX backbone step only")]
    public float OnnxBackboneStep() => _onnx.Step(NextToken())[0];

    [Benchmark(Description = "TorchSharp eager backbone step only")]
    public float TorchSharpEagerBackboneStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _torchToken.fill_(NextToken());
        var (features, state) = _model.Backbone.call(_torchToken, _torchState); // [1, 1, H], [L, 1, H]
        _torchState.Dispose();
        _torchState = state.MoveToOuterDisposeScope();
        return features.data<float>()[0];
    }

    private int NextToken() => _tokens[_next++ & (_tokens.Length - 1)];
}
