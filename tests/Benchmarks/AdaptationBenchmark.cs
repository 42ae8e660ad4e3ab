using System.Numerics.Tensors;
using BenchmarkDotNet.Attributes;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// The device inner loop on 8 phrases ≈ 512 events, 5 SGD steps, V = 391 (design budget: the whole
/// adaptation, features included, under 50 ms). Compares the tiled SIMD kernel the runtime uses with
/// the obvious per-entry TensorPrimitives.Dot / MultiplyAdd formulation, at F = 128 and 256, with and
/// without a rank-8 residual; and the whole adaptation end to end: backbone features of 8 phrases from an
/// exported one-layer GRU (H = F, random weights) on ONNX Runtime, then the inner loop.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*AdaptationBenchmark*'
/// </summary>
[MemoryDiagnoser]
public class AdaptationBenchmark : IDisposable
{
    private const int Events = 512;
    private const int Steps = 5;
    private AdapterParameters _start = null!;
    private SupportBatch _batch = null!;
    private InnerLoop _loop = null!;
    private OnnxBackbone? _backbone;
    private string? _onnxPath;
    private List<Phrase> _phrases = null!;

    [Params(128, 256)]
    public int FeatureSize { get; set; }

    [Params(0, 8)]
    public int Rank { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(1);
        _start = new AdapterParameters(Vocabulary.Size, FeatureSize, Rank);
        foreach (var (_, _, data) in _start.Tensors())
        {
            for (int i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
            }
        }

        var features = new float[Events * FeatureSize];
        for (int i = 0; i < features.Length; i++)
        {
            features[i] = (float)Math.Tanh(random.NextDouble() * 4 - 2);
        }

        var targets = new int[Events];
        for (int i = 0; i < Events; i++)
        {
            targets[i] = random.Next(Vocabulary.Size);
        }

        _batch = new SupportBatch(features, targets, FeatureSize);
        _loop = new InnerLoop(new InnerLoopSettings(Steps: Steps, LearningRate: 0.5f));
        _loop.Adapt(_start, _batch); // size the work buffers once, as a long-running device would

        // 8 phrases of 63 events (+ BOS/EOS → 64 predicted positions each = 512).
        _phrases = [.. Enumerable.Range(0, 8).Select(_ => new Phrase([.. Enumerable.Range(0, Events / 8 - 1).Select(_ => random.Next(Vocabulary.Pad))]))];
        _onnxPath = Path.Combine(Path.GetTempPath(), $"edgemeta-adaptation-bench-{Environment.ProcessId}-{FeatureSize}.onnx");
        BackboneOnnxExporter.Export(RandomGru(random, embedding: 64, hidden: FeatureSize), _onnxPath);
        _backbone = new OnnxBackbone(_onnxPath);
    }

    [GlobalCleanup]
    public void Dispose()
    {
        _backbone?.Dispose();
        _backbone = null;
        if (_onnxPath is not null && File.Exists(_onnxPath))
        {
            File.Delete(_onnxPath);
        }

        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "end to end: ONNX features of 8 phrases + inner loop")]
    public AdaptationResult EndToEnd() => _loop.Adapt(_start, PhraseFeatures.Batch(_backbone!, _phrases));

    [Benchmark(Baseline = true, Description = "tiled SIMD kernel (runtime)")]
    public AdaptationResult TiledKernel() => _loop.Adapt(_start, _batch);

    [Benchmark(Description = "per-entry TensorPrimitives (head only)")]
    public AdapterParameters PerEntryTensorPrimitives()
    {
        // The straightforward formulation: one Dot per logit, one MultiplyAdd per gradient row.
        int n = _batch.Count, f = FeatureSize, v = Vocabulary.Size;
        var p = _start.Clone();
        var g = new float[v];
        var dW = new float[v * f];
        var db = new float[v];
        for (int step = 0; step < Steps; step++)
        {
            Array.Clear(dW);
            Array.Clear(db);
            for (int row = 0; row < n; row++)
            {
                var h = _batch.Features.AsSpan(row * f, f);
                for (int o = 0; o < v; o++)
                {
                    g[o] = TensorPrimitives.Dot(p.HeadWeight.AsSpan(o * f, f), h) + p.HeadBias[o];
                }

                TensorPrimitives.SoftMax(g, g);
                g[_batch.Targets[row]] -= 1f;
                TensorPrimitives.Multiply(g, 1f / n, g);
                TensorPrimitives.Add(db, g, db);
                for (int o = 0; o < v; o++)
                {
                    var dRow = dW.AsSpan(o * f, f);
                    TensorPrimitives.MultiplyAdd(h, g[o], dRow, dRow);
                }
            }

            TensorPrimitives.MultiplyAdd(dW, -0.5f, p.HeadWeight, p.HeadWeight);
            TensorPrimitives.MultiplyAdd(db, -0.5f, p.HeadBias, p.HeadBias);
        }

        return p;
    }

    private static BackboneWeights RandomGru(Random random, int embedding, int hidden)
    {
        float scale = 1f / MathF.Sqrt(hidden);
        float[] Uniform(int count, float range) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * range)];
        var layer = new GruLayerWeights(Uniform(3 * hidden * embedding, scale), Uniform(3 * hidden * hidden, scale), Uniform(3 * hidden, scale), Uniform(3 * hidden, scale));
        return new BackboneWeights(Vocabulary.Size, embedding, hidden, Uniform(Vocabulary.Size * embedding, 1f), [layer]);
    }
}
