using System.Diagnostics;
using System.Numerics.Tensors;
using EdgeMeta.EdgeRuntime.Adaptation.Onnx;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// The device's inner loop: full-batch SGD on the adapter's mean support cross-entropy for
/// <see cref="InnerLoopSettings.Steps"/> steps at <see cref="InnerLoopSettings.LearningRate"/>, the
/// same loop the trainer's ANIL meta-training optimises. It works on a clone, so the parameters being
/// played with stay untouched until the caller swaps the result in. One instance holds work buffers
/// (and, for the ONNX Runtime engine, its sessions) and runs one adaptation at a time.
/// <para>
/// The steps run on one of two engines with the same result to float rounding (<see cref="InnerLoopEngine"/>):
/// a rank-0 adapter on ONNX Runtime (the step as a small ONNX graph, one intra-op thread), an adapter with a
/// low-rank residual on EdgeRuntime's tiled SIMD kernel at the widest register width the CPU has. Dispose
/// releases the sessions.
/// </para>
/// </summary>
public sealed class InnerLoop : IDisposable
{
    private readonly AdapterGradient _gradient;
    private readonly Lock _busy = new();
    private readonly InnerLoopEngine _engine;
    private readonly int _onnxThreads;
    private AdapterParameters? _gradientBuffer;
    private OnnxInnerLoopEngine? _onnx;

    /// <summary>An inner loop on the <see cref="InnerLoopEngine.Auto"/> engine.</summary>
    /// <exception cref="ArgumentException">The optimiser is not "sgd" or a setting is out of range.</exception>
    public InnerLoop(InnerLoopSettings settings)
        : this(settings, InnerLoopEngine.Auto)
    {
    }

    /// <summary>An inner loop on <paramref name="engine"/>.</summary>
    /// <exception cref="ArgumentException">The optimiser is not "sgd" or a setting is out of range.</exception>
    public InnerLoop(InnerLoopSettings settings, InnerLoopEngine engine)
        : this(settings, engine, KernelWidths.Widest, onnxThreads: 1)
    {
    }

    /// <summary>Benchmarks and tests pick the kernel width and ONNX Runtime's thread count.</summary>
    internal InnerLoop(InnerLoopSettings settings, InnerLoopEngine engine, KernelWidth width, int onnxThreads)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!string.Equals(settings.Optimizer, "sgd", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"The device inner loop implements optimiser \"sgd\", not \"{settings.Optimizer}\".", nameof(settings));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(settings.Steps);
        if (!float.IsFinite(settings.LearningRate) || settings.LearningRate < 0)
        {
            throw new ArgumentException($"Inner learning rate {settings.LearningRate} must be a finite non-negative number.", nameof(settings));
        }

        if (!float.IsFinite(settings.VelocityRateScale) || settings.VelocityRateScale <= 0)
        {
            throw new ArgumentException($"Velocity rate scale {settings.VelocityRateScale} must be a finite positive number.", nameof(settings));
        }

        if (!Enum.IsDefined(engine))
        {
            throw new ArgumentException($"Unknown inner-loop engine {engine}.", nameof(engine));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(onnxThreads, 1);
        Settings = settings;
        _engine = engine;
        _onnxThreads = onnxThreads;
        _gradient = new AdapterGradient(width);
    }

    /// <summary>The inner-loop settings (from <c>adapter.safetensors</c>).</summary>
    public InnerLoopSettings Settings { get; }

    /// <summary>
    /// Adapts a copy of <paramref name="start"/> to the support batch.
    /// </summary>
    /// <param name="start">The performer's profile or the meta-learned init; not modified.</param>
    /// <param name="support">Features and targets of the captured phrases.</param>
    /// <param name="budget">Step cap and time budget; null = none beyond the settings.</param>
    /// <param name="cancellationToken">Checked before every step.</param>
    /// <param name="into">Where the copy is made and adapted (overwritten; same shape as <paramref name="start"/>, not
    /// <paramref name="start"/> itself); null makes a new one. A duet passes its own, so that an adaptation per phrase
    /// allocates no 400 KB adapter on the large-object heap (whose budget starts full collections).</param>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    /// <exception cref="ArgumentException">The batch does not fit the adapter's shape, or <paramref name="into"/> is <paramref name="start"/> or of another shape.</exception>
    public AdaptationResult Adapt(AdapterParameters start, SupportBatch support, AdaptationBudget? budget = null, CancellationToken cancellationToken = default,
        AdapterParameters? into = null)
    {
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(support);
        if (ReferenceEquals(into, start))
        {
            throw new ArgumentException("The adapter to adapt into must not be the start adapter, which stays untouched.", nameof(into));
        }

        budget ??= AdaptationBudget.Unlimited;
        lock (_busy)
        {
            var clock = Stopwatch.StartNew();
            AdapterParameters current;
            if (into is null)
            {
                current = start.Clone();
            }
            else
            {
                start.CopyTo(into);   // refuses another shape
                current = into;
            }

            if (_gradientBuffer is null || !SameShape(_gradientBuffer, start))
            {
                _gradientBuffer = new AdapterParameters(start.VocabularySize, start.FeatureSize, start.Rank);
            }

            var onnx = OnnxEngineFor(start);
            onnx?.Bind(support);
            int steps = Math.Min(Settings.Steps, budget.MaxSteps);
            var losses = new List<float>(steps + 1);
            var reason = AdaptationStopReason.Completed;
            int taken = 0;
            for (; taken < steps; taken++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (clock.Elapsed >= budget.MaxTime)
                {
                    reason = AdaptationStopReason.TimeBudgetExhausted;
                    break;
                }

                if (onnx is not null)
                {
                    losses.Add(onnx.StepInPlace(current));
                }
                else
                {
                    losses.Add(_gradient.LossAndGradient(current, support, _gradientBuffer));
                    ScaleVelocityRows(_gradientBuffer, Settings.VelocityRateScale);
                    Step(current, _gradientBuffer, Settings.LearningRate);
                }
            }

            losses.Add(onnx is not null ? onnx.Loss(current) : _gradient.Loss(current, support));
            return new AdaptationResult(current, taken, losses, reason, clock.Elapsed);
        }
    }

    /// <summary>
    /// Does now what the first adaptation of an adapter of this shape would otherwise do on the performer's time:
    /// builds the ONNX Runtime sessions and work buffers and runs one step on a zero batch of
    /// <paramref name="supportRows"/> rows (at least 16), so the code the steps need is compiled and the work buffers
    /// have the size of the largest support expected. Call it at model load; <paramref name="shape"/> is only read for its sizes.
    /// </summary>
    public void Prepare(AdapterParameters shape, int supportRows = 16)
    {
        ArgumentNullException.ThrowIfNull(shape);
        // 16 rows reach the kernel's 8-row tile in both products (the gradient's rows are the vocabulary).
        var rows = Math.Max(16, supportRows);
        var batch = new SupportBatch(new float[rows * shape.FeatureSize], new int[rows], shape.FeatureSize);
        Adapt(new AdapterParameters(shape.VocabularySize, shape.FeatureSize, shape.Rank), batch, new AdaptationBudget(1, TimeSpan.MaxValue));
    }

    /// <summary>Mean next-token NLL (nats per event) of <paramref name="parameters"/> on <paramref name="batch"/>.</summary>
    public float NegativeLogLikelihood(AdapterParameters parameters, SupportBatch batch)
    {
        lock (_busy)
        {
            return _gradient.Loss(parameters, batch);
        }
    }

    /// <summary>Releases the ONNX Runtime sessions, if the engine made any.</summary>
    public void Dispose()
    {
        lock (_busy)
        {
            _onnx?.Dispose();
            _onnx = null;
        }
    }

    /// <summary>The ONNX Runtime engine when it serves this adapter shape, else null (the tiled kernel runs).</summary>
    private OnnxInnerLoopEngine? OnnxEngineFor(AdapterParameters start)
    {
        bool wanted = _engine switch
        {
            InnerLoopEngine.OnnxRuntime => true,
            // AdaptationBenchmark, side by side (F = 256, rank 0, one thread): ONNX Runtime's graph and the 512-bit
            // tiled kernel are level when warm, but the graph runs precompiled native GEMMs where the kernel is
            // JIT-compiled on first use (wide-vector code is not ReadyToRun-compiled), so the first adaptation of a
            // session is several times faster on ONNX Runtime; its MLAS kernels are hand-tuned for NEON as well.
            InnerLoopEngine.Auto => true,
            _ => false,
        };
        if (!wanted || start.Rank > 0)
        {
            return null;
        }

        if (_onnx is null || _onnx.VocabularySize != start.VocabularySize || _onnx.FeatureSize != start.FeatureSize)
        {
            _onnx?.Dispose();
            _onnx = new OnnxInnerLoopEngine(start.VocabularySize, start.FeatureSize, RowRates(start.VocabularySize), _onnxThreads);
        }

        return _onnx;
    }

    /// <summary>
    /// The step size of each output row: <see cref="InnerLoopSettings.LearningRate"/>, times
    /// <see cref="InnerLoopSettings.VelocityRateScale"/> on the velocity tokens' rows.
    /// </summary>
    internal float[] RowRates(int vocabularySize)
    {
        var rates = new float[vocabularySize];
        Array.Fill(rates, Settings.LearningRate);
        var (offset, count) = VelocityRows(vocabularySize).GetOffsetAndLength(vocabularySize);
        rates.AsSpan(offset, count).Fill(Settings.LearningRate * Settings.VelocityRateScale);

        return rates;
    }

    /// <summary>The velocity tokens' rows of a head with <paramref name="vocabularySize"/> outputs (none for a vocabulary too small to have them).</summary>
    private static Range VelocityRows(int vocabularySize) =>
        Math.Min(Vocabulary.VelocityOffset, vocabularySize)..Math.Min(Vocabulary.VelocityOffset + Vocabulary.VelocityBins, vocabularySize);

    /// <summary>
    /// Scales the velocity rows of the gradient, so the plain step below moves them by the larger rate (README, "Letting
    /// the adaptation carry style", for what it measured).
    /// </summary>
    private static void ScaleVelocityRows(AdapterParameters g, float scale)
    {
        if (scale == 1f)
        {
            return;
        }

        var f = g.FeatureSize;
        var (offset, count) = VelocityRows(g.VocabularySize).GetOffsetAndLength(g.VocabularySize);
        var weights = g.HeadWeight.AsSpan(offset * f, count * f);
        TensorPrimitives.Multiply(weights, scale, weights);
        var bias = g.HeadBias.AsSpan(offset, count);
        TensorPrimitives.Multiply(bias, scale, bias);
    }

    private static void Step(AdapterParameters p, AdapterParameters g, float learningRate)
    {
        // θ ← θ − η ∇θ, tensor by tensor.
        TensorPrimitives.MultiplyAdd(g.HeadWeight, -learningRate, p.HeadWeight, p.HeadWeight);
        TensorPrimitives.MultiplyAdd(g.HeadBias, -learningRate, p.HeadBias, p.HeadBias);
        TensorPrimitives.MultiplyAdd(g.LoraDown, -learningRate, p.LoraDown, p.LoraDown);
        TensorPrimitives.MultiplyAdd(g.LoraUp, -learningRate, p.LoraUp, p.LoraUp);
    }

    private static bool SameShape(AdapterParameters a, AdapterParameters b) =>
        a.VocabularySize == b.VocabularySize && a.FeatureSize == b.FeatureSize && a.Rank == b.Rank;
}
