using BenchmarkDotNet.Attributes;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// The device's adaptation on 8 phrases = 512 predicted events, 5 SGD steps at lr 0.5, V = 391, one thread
/// unless a row says otherwise. "end to end" rows are what a performer waits for, through the duet the box plays
/// (<see cref="DuetSession"/> on an exported GRU 2 × F with a 64-wide embedding, the shipped model's shape, random
/// weights, ONNX Runtime): seven turns heard before, then the eighth turn (16 notes = 63 events, its own phrase) ends:
/// <list type="bullet">
/// <item>after the phrase ended, live: the turn was heard so far while it was played (<see cref="DuetSession.HearSoFar"/>
/// after every onset and release, as the engine's adaptation thread does), so what remains is hearing the finished
/// turn (phrasing, the last partial block of the backbone, the window and style) and the inner loop (the engine
/// InnerLoop picks). This is the acceptance row;</item>
/// <item>after the phrase ended, features at its end: the same without hearing it so far (the duet before it listened
/// while the performer played: the whole phrase through the backbone at its end);</item>
/// <item>all inclusive: a fresh duet hears all eight turns at once (every phrase through the backbone) and adapts.</item>
/// </list>
/// The "inner loop" rows run the engines side by side on the same batch: the tiled SIMD kernel at 128-bit
/// (NEON's width), 256-bit (AVX2, the kernel before this comparison) and 512-bit (AVX-512) registers, and the
/// step as an ONNX graph on ONNX Runtime with 1 and 2 intra-op threads (rank 0 only; rank 8 falls back to
/// the tiled kernel, so there they repeat the 512-bit row and show the run's noise). Min beside Mean: on a
/// shared machine the fastest iteration is the closest to the uncontended time. The end-to-end rows prepare 16 duets
/// per iteration in an iteration setup and time the 16 phrase ends one after the other (one invocation per iteration).
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
    private const int DuetsPerIteration = 16;   // an iteration setup prepares this many duets, so an iteration lasts 100+ ms
    private readonly List<InnerLoop> _loops = [];
    private AdapterParameters _start = null!;
    private SupportBatch _batch = null!;
    private List<List<Note>> _turns = null!;          // the performer's eight turns, one phrase each
    private DuetSession[] _duets = [];                // prepared by the iteration setup of an end-to-end row
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

        _turns = [.. Enumerable.Range(0, PhraseCount).Select(t => Turn(random, 8.0 * t))];
        _onnxPath = Path.Combine(Path.GetTempPath(), $"edgemeta-adaptation-bench-{Environment.ProcessId}-{FeatureSize}.onnx");
        BackboneOnnxExporter.Export(RandomGru(random, embedding: 64, hidden: FeatureSize, layers: 2), _onnxPath);
        _backbone = new OnnxBackbone(_onnxPath);
        var tokenizer = new PerformanceTokenizer();
        var phrases = _turns.Select(t => new Phrase(tokenizer.Encode(t))).ToList();
        if (phrases.Any(p => p.Length != Events / PhraseCount - 1))
        {
            throw new InvalidOperationException($"The benchmark's turns should be 63 events each, got {string.Join(", ", phrases.Select(p => p.Length))}.");
        }

        _batch = PhraseFeatures.Batch(_backbone, phrases);

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

    [IterationSetup(Target = nameof(EndToEndAfterPhrase))]
    public void HeardWhilePlaying()
    {
        HeardBefore();
        foreach (var duet in _duets)
        {
            foreach (var now in _turns[^1].SelectMany(n => new[] { n.Start, n.End }).Order())
            {
                duet.HearSoFar([.. _turns[^1].Where(n => n.Start <= now).Select(n => n.End > now ? n with { End = now } : n)], now);
            }

            duet.HearSoFar(_turns[^1], _turns[^1].Max(n => n.End) + 0.03);   // hands off the keys
        }
    }

    [IterationSetup(Target = nameof(EndToEndFeaturesAtPhraseEnd))]
    public void HeardBefore()
    {
        NothingHeard();
        foreach (var duet in _duets)
        {
            foreach (var turn in _turns.Take(PhraseCount - 1))
            {
                duet.Hear(turn);
            }
        }
    }

    [IterationSetup(Target = nameof(EndToEndAllInclusive))]
    public void NothingHeard() => _duets = [.. Enumerable.Range(0, DuetsPerIteration).Select(_ => new DuetSession(_backbone!, _backbone!, _start, _auto))];

    [Benchmark(OperationsPerInvoke = DuetsPerIteration, Description = "end to end after the phrase ended, live (features run while it was played): hear the turn + adapt")]
    public AdaptationResult? EndToEndAfterPhrase() => HearLastTurnAndAdapt();

    [Benchmark(OperationsPerInvoke = DuetsPerIteration, Description = "end to end after the phrase ended, features at the phrase end (before): hear the turn + adapt")]
    public AdaptationResult? EndToEndFeaturesAtPhraseEnd() => HearLastTurnAndAdapt();

    [Benchmark(OperationsPerInvoke = DuetsPerIteration, Description = "end to end all inclusive: hear 8 turns (features of every phrase) + adapt")]
    public AdaptationResult? EndToEndAllInclusive()
    {
        AdaptationResult? result = null;
        foreach (var duet in _duets)
        {
            duet.Hear([.. _turns.SelectMany(t => t)]);
            result = duet.Adapt();
        }

        return result;
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

    private AdaptationResult? HearLastTurnAndAdapt()
    {
        AdaptationResult? result = null;
        foreach (var duet in _duets)
        {
            duet.Hear(_turns[^1]);
            result = duet.Adapt();
        }

        return result;
    }

    // One turn of 16 single-line notes from `start` s: 16 NOTE_ON, 16 NOTE_OFF, one VELOCITY and 30 TIME_SHIFTs (one
    // note is legato, so no shift between its release and the next onset) = 63 events, 64 positions with BOS.
    private static List<Note> Turn(Random random, double start)
    {
        var notes = new List<Note>();
        var velocity = 40 + random.Next(80);
        var t = start;
        for (var i = 0; i < 16; i++)
        {
            var length = 0.05 + (random.Next(20) * 0.01);
            notes.Add(new Note(55 + random.Next(24), velocity, t, t + length));
            t += length + (i == 7 ? 0 : 0.02 + (random.Next(10) * 0.01));
        }

        return notes;
    }

    private InnerLoop Loop(InnerLoop loop)
    {
        _loops.Add(loop);
        loop.Adapt(_start, _batch); // size the work buffers (and build the sessions) once, as a long-running device would
        return loop;
    }

    private static BackboneWeights RandomGru(Random random, int embedding, int hidden, int layers)
    {
        float scale = 1f / MathF.Sqrt(hidden);
        float[] Uniform(int count, float range) => [.. Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1) * range)];
        var gru = Enumerable.Range(0, layers).Select(l => new GruLayerWeights(
            Uniform(3 * hidden * (l == 0 ? embedding : hidden), scale), Uniform(3 * hidden * hidden, scale), Uniform(3 * hidden, scale), Uniform(3 * hidden, scale))).ToList();
        return new BackboneWeights(Vocabulary.Size, embedding, hidden, Uniform(Vocabulary.Size * embedding, 1f), gru);
    }
}
