using BenchmarkDotNet.Attributes;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// The device's adaptation on 8 phrases = 512 predicted events, 5 SGD steps at lr 0.5, V = 391, one thread
/// unless a row says otherwise. "end to end" rows are what a performer waits for:
/// <list type="bullet">
/// <item>after the phrase ended: the features were computed step by step while the performer played, so
/// what remains is gathering them into the support batch and the inner loop (the engine InnerLoop picks);</item>
/// <item>all inclusive: backbone features of the 8 phrases from scratch on an exported one-layer GRU
/// (H = F, random weights) on ONNX Runtime, then the same.</item>
/// </list>
/// The "inner loop" rows run the engines side by side on the same batch: the tiled SIMD kernel at 128-bit
/// (NEON's width), 256-bit (AVX2, the kernel before this comparison) and 512-bit (AVX-512) registers, and the
/// step as an ONNX graph on ONNX Runtime with 1 and 2 intra-op threads (rank 0 only; rank 8 falls back to
/// the tiled kernel, so there they repeat the 512-bit row and show the run's noise). Min beside Mean: on a
/// shared machine the fastest iteration is the closest to the uncontended time.
/// Run: dotnet run -c Release --project tests/Benchmarks -- --filter '*AdaptationBenchmark*'
/// </summary>
[MemoryDiagnoser]
[MinColumn]
public class AdaptationBenchmark : IDisposable
{
    private const int Events = 512;
    private const int PhraseCount = 8;
    private const int Steps = 5;
    private const float LearningRate = 0.5f;
    private readonly List<InnerLoop> _loops = [];
    private AdapterParameters _start = null!;
    private SupportBatch _batch = null!;
    private List<float[]> _phraseFeatures = null!;   // per phrase [T, F], as computed while the performer played
    private List<int[]> _phraseSequences = null!;    // per phrase BOS + events + EOS
    private InnerLoop _auto = null!;
    private InnerLoop _tiled128 = null!;
    private InnerLoop _tiled256 = null!;
    private InnerLoop _tiled512 = null!;
    private InnerLoop _onnx1 = null!;
    private InnerLoop _onnx2 = null!;
    private OnnxBackbone? _backbone;
    private string? _onnxPath;

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

        // 8 phrases of 63 events (+ BOS/EOS → 64 predicted positions each = 512).
        var phrases = Enumerable.Range(0, PhraseCount)
            .Select(_ => new Phrase([.. Enumerable.Range(0, Events / PhraseCount - 1).Select(_ => random.Next(Vocabulary.Pad))]))
            .ToList();
        _phraseSequences = [.. phrases.Select(p => p.ToModelSequence())];
        _onnxPath = Path.Combine(Path.GetTempPath(), $"edgemeta-adaptation-bench-{Environment.ProcessId}-{FeatureSize}.onnx");
        BackboneOnnxExporter.Export(RandomGru(random, embedding: 64, hidden: FeatureSize), _onnxPath);
        _backbone = new OnnxBackbone(_onnxPath);
        _phraseFeatures = [.. _phraseSequences.Select(s => _backbone.RunSequence(s.AsSpan(0, s.Length - 1)))];
        _batch = Gather(_phraseFeatures, _phraseSequences, FeatureSize);

        var settings = new InnerLoopSettings(Steps: Steps, LearningRate: LearningRate);
        _auto = Loop(new InnerLoop(settings));
        _tiled128 = Loop(new InnerLoop(settings, InnerLoopEngine.TiledKernel, KernelWidth.Vector128, onnxThreads: 1));
        _tiled256 = Loop(new InnerLoop(settings, InnerLoopEngine.TiledKernel, KernelWidth.Vector256, onnxThreads: 1));
        _tiled512 = Loop(new InnerLoop(settings, InnerLoopEngine.TiledKernel, KernelWidth.Vector512, onnxThreads: 1));
        _onnx1 = Loop(new InnerLoop(settings, InnerLoopEngine.OnnxRuntime, KernelWidths.Widest, onnxThreads: 1));
        _onnx2 = Loop(new InnerLoop(settings, InnerLoopEngine.OnnxRuntime, KernelWidths.Widest, onnxThreads: 2));
    }

    [GlobalCleanup]
    public void Dispose()
    {
        foreach (var loop in _loops)
        {
            loop.Dispose();
        }

        _loops.Clear();
        _backbone?.Dispose();
        _backbone = null;
        if (_onnxPath is not null && File.Exists(_onnxPath))
        {
            File.Delete(_onnxPath);
        }

        GC.SuppressFinalize(this);
    }

    [Benchmark(Description = "end to end after the phrase ended: gather features + inner loop (auto engine)")]
    public AdaptationResult EndToEndAfterPhrase() => _auto.Adapt(_start, Gather(_phraseFeatures, _phraseSequences, FeatureSize));

    [Benchmark(Description = "end to end all inclusive: ONNX features of 8 phrases + inner loop (auto engine)")]
    public AdaptationResult EndToEndAllInclusive()
    {
        var features = _phraseSequences.Select(s => _backbone!.RunSequence(s.AsSpan(0, s.Length - 1))).ToList();
        return _auto.Adapt(_start, Gather(features, _phraseSequences, FeatureSize));
    }

    [Benchmark(Baseline = true, Description = "inner loop, tiled kernel 256-bit (AVX2; the kernel before)")]
    public AdaptationResult Tiled256() => _tiled256.Adapt(_start, _batch);

    [Benchmark(Description = "inner loop, tiled kernel 128-bit (NEON width)")]
    public AdaptationResult Tiled128() => _tiled128.Adapt(_start, _batch);

    [Benchmark(Description = "inner loop, tiled kernel 512-bit (AVX-512)")]
    public AdaptationResult Tiled512() => _tiled512.Adapt(_start, _batch);

    [Benchmark(Description = "inner loop, ONNX Runtime graph, 1 thread")]
    public AdaptationResult Onnx1() => _onnx1.Adapt(_start, _batch);

    [Benchmark(Description = "inner loop, ONNX Runtime graph, 2 threads")]
    public AdaptationResult Onnx2() => _onnx2.Adapt(_start, _batch);

    /// <summary>The support batch from per-phrase features [T, F] and sequences (targets = sequence[1..]).</summary>
    private static SupportBatch Gather(IReadOnlyList<float[]> features, IReadOnlyList<int[]> sequences, int f)
    {
        int total = sequences.Sum(s => s.Length - 1);
        var all = new float[total * f];
        var targets = new int[total];
        int row = 0;
        for (int i = 0; i < sequences.Count; i++)
        {
            int t = sequences[i].Length - 1;
            features[i].AsSpan(0, t * f).CopyTo(all.AsSpan(row * f));
            Array.Copy(sequences[i], 1, targets, row, t);
            row += t;
        }

        return new SupportBatch(all, targets, f);
    }

    private InnerLoop Loop(InnerLoop loop)
    {
        _loops.Add(loop);
        loop.Adapt(_start, _batch); // size the work buffers (and build the sessions) once, as a long-running device would
        return loop;
    }

    private static BackboneWeights RandomGru(Random random, int embedding, int hidden)
    {
        float scale = 1f / MathF.Sqrt(hidden);
        float[] Uniform(int count, float range) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * range)];
        var layer = new GruLayerWeights(Uniform(3 * hidden * embedding, scale), Uniform(3 * hidden * hidden, scale), Uniform(3 * hidden, scale), Uniform(3 * hidden, scale));
        return new BackboneWeights(Vocabulary.Size, embedding, hidden, Uniform(Vocabulary.Size * embedding, 1f), [layer]);
    }
}
