using EdgeMeta.EdgeRuntime.Hosting;
using Microsoft.ML.OnnxRuntime;

namespace EdgeMeta.EdgeRuntime.Adaptation.Onnx;

/// <summary>
/// Runs the rank-0 inner loop's steps on ONNX Runtime (<see cref="InnerLoopGraphs"/>): one session for the
/// step, one for the final loss, built for one adapter shape and set of row step sizes. Bind a support batch with
/// <see cref="Bind"/>, then call <see cref="StepInPlace"/> and <see cref="Loss"/>. Not thread-safe; the
/// <see cref="InnerLoop"/> that owns it serialises calls.
/// <para>Both sessions run through I/O bindings of pinned arrays: the outputs and the 1/n scalar are bound once, the
/// support when it is bound, the adapter when a step gets a different one. Making the eight tensors and the name
/// arrays on every step, as before, was most of what an adaptation allocated (a live duet adapts at every turn).</para>
/// </summary>
internal sealed class OnnxInnerLoopEngine : IDisposable
{
    private readonly InferenceSession _step;
    private readonly InferenceSession _loss;
    private readonly RunOptions _runOptions;
    private readonly OrtIoBinding _stepBinding;
    private readonly OrtIoBinding _lossBinding;
    private readonly List<OrtValue> _fixedValues = [];   // the outputs and 1/n, pinned for the engine's life
    private OrtValue? _featuresValue;
    private OrtValue? _targetsValue;
    private OrtValue? _weightValue;
    private OrtValue? _biasValue;
    private AdapterParameters? _boundParameters;
    private readonly float[] _weightOut;
    private readonly float[] _biasOut;
    private readonly float[] _lossOut = new float[1];
    private readonly float[] _inverseCount = new float[1];
    private float[] _scaledTargets = [];
    private SupportBatch? _boundBatch;

    /// <param name="vocabularySize">V.</param>
    /// <param name="featureSize">F.</param>
    /// <param name="rowRates">η of each output row, fixed in the step graph.</param>
    /// <param name="threads">ONNX Runtime intra-op threads.</param>
    public OnnxInnerLoopEngine(int vocabularySize, int featureSize, float[] rowRates, int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        VocabularySize = vocabularySize;
        FeatureSize = featureSize;
        _weightOut = new float[vocabularySize * featureSize];
        _biasOut = new float[vocabularySize];
        NativeHeap.ReturnLargeBlocksToTheSystem();   // before the sessions exist (NativeHeap says why)
        using var options = new SessionOptions
        {
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        var built = new List<IDisposable>();
        try
        {
            _runOptions = new RunOptions();
            built.Add(_runOptions);
            _step = new InferenceSession(InnerLoopGraphs.Step(vocabularySize, featureSize, rowRates), options);
            built.Add(_step);
            _loss = new InferenceSession(InnerLoopGraphs.LossOnly(vocabularySize, featureSize), options);
            built.Add(_loss);
            _stepBinding = _step.CreateIoBinding();
            built.Add(_stepBinding);
            _lossBinding = _loss.CreateIoBinding();
            built.Add(_lossBinding);
            var inverseCount = Fixed(OrtValue.CreateTensorValueFromMemory(_inverseCount, []));
            _stepBinding.BindInput(InnerLoopGraphs.InverseCount, inverseCount);
            _stepBinding.BindOutput(InnerLoopGraphs.WeightOut, Fixed(OrtValue.CreateTensorValueFromMemory(_weightOut, [vocabularySize, featureSize])));
            _stepBinding.BindOutput(InnerLoopGraphs.BiasOut, Fixed(OrtValue.CreateTensorValueFromMemory(_biasOut, [vocabularySize])));
            var loss = Fixed(OrtValue.CreateTensorValueFromMemory(_lossOut, []));
            _stepBinding.BindOutput(InnerLoopGraphs.Loss, loss);
            _lossBinding.BindOutput(InnerLoopGraphs.Loss, loss);
        }
        catch
        {
            foreach (var value in _fixedValues)
            {
                value.Dispose();
            }

            // Half-built native state has one owner until the constructor returns: release it here.
            for (int i = built.Count - 1; i >= 0; i--)
            {
                built[i].Dispose();
            }

            throw;
        }
    }

    public int VocabularySize { get; }

    public int FeatureSize { get; }

    /// <summary>Prepares the one-hot targets (scaled by 1/n) of <paramref name="batch"/> for the calls that follow.</summary>
    /// <exception cref="ArgumentException">A target is outside the vocabulary, or the features do not have size F.</exception>
    public void Bind(SupportBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.FeatureSize != FeatureSize)
        {
            throw new ArgumentException($"Support features have F={batch.FeatureSize} but the adapter expects F={FeatureSize}.", nameof(batch));
        }

        int n = batch.Count, v = VocabularySize;
        if (n == 0)
        {
            throw new ArgumentException("The support batch is empty.", nameof(batch));
        }

        // The targets array only grows (to the largest support seen, with headroom), so adaptations of varying size do
        // not allocate n × V floats each (800 KB at 512 events: a large object, and every few of them started a
        // background full collection whose pauses stop the playing threads too; README "Soak").
        if (_scaledTargets.Length < n * v)
        {
            _scaledTargets = new float[Math.Max(n * v, _scaledTargets.Length + (_scaledTargets.Length / 2))];
        }
        else
        {
            Array.Clear(_scaledTargets, 0, n * v);
        }

        float inverse = 1f / n;
        for (int row = 0; row < n; row++)
        {
            int target = batch.Targets[row];
            if (target >= v)
            {
                throw new ArgumentException($"Support target {target} is outside the adapter's vocabulary of {v}.", nameof(batch));
            }

            _scaledTargets[row * v + target] = inverse;
        }

        _inverseCount[0] = inverse;
        _boundBatch = batch;
        _featuresValue?.Dispose();
        _targetsValue?.Dispose();
        _featuresValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch.Features.AsMemory(0, n * FeatureSize), [n, FeatureSize]);
        _targetsValue = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, _scaledTargets.AsMemory(0, n * v), [n, v]);
        _stepBinding.BindInput(InnerLoopGraphs.Features, _featuresValue);
        _stepBinding.BindInput(InnerLoopGraphs.ScaledTargets, _targetsValue);
        _lossBinding.BindInput(InnerLoopGraphs.Features, _featuresValue);
        _lossBinding.BindInput(InnerLoopGraphs.ScaledTargets, _targetsValue);
    }

    /// <summary>One SGD step on the bound batch, written back into <paramref name="parameters"/>.</summary>
    /// <returns>The support loss before the step.</returns>
    public float StepInPlace(AdapterParameters parameters)
    {
        Bound();
        BindParameters(parameters);
        _step.RunWithBinding(_runOptions, _stepBinding);
        _weightOut.CopyTo(parameters.HeadWeight, 0);
        _biasOut.CopyTo(parameters.HeadBias, 0);
        return _lossOut[0];
    }

    /// <summary>The mean support cross-entropy of <paramref name="parameters"/> on the bound batch.</summary>
    public float Loss(AdapterParameters parameters)
    {
        Bound();
        BindParameters(parameters);
        _loss.RunWithBinding(_runOptions, _lossBinding);
        return _lossOut[0];
    }

    public void Dispose()
    {
        _featuresValue?.Dispose();
        _targetsValue?.Dispose();
        _weightValue?.Dispose();
        _biasValue?.Dispose();
        foreach (var value in _fixedValues)
        {
            value.Dispose();
        }

        _stepBinding.Dispose();
        _lossBinding.Dispose();
        _step.Dispose();
        _loss.Dispose();
        _runOptions.Dispose();
    }

    // The adapter's weight and bias as the sessions' inputs: tensors over its own arrays (pinned while bound), which the
    // step reads and then overwrites from the outputs, made again only for another adapter.
    private void BindParameters(AdapterParameters parameters)
    {
        if (ReferenceEquals(parameters, _boundParameters))
        {
            return;
        }

        _weightValue?.Dispose();
        _biasValue?.Dispose();
        _weightValue = OrtValue.CreateTensorValueFromMemory(parameters.HeadWeight, [VocabularySize, FeatureSize]);
        _biasValue = OrtValue.CreateTensorValueFromMemory(parameters.HeadBias, [VocabularySize]);
        _stepBinding.BindInput(InnerLoopGraphs.Weight, _weightValue);
        _stepBinding.BindInput(InnerLoopGraphs.Bias, _biasValue);
        _lossBinding.BindInput(InnerLoopGraphs.Weight, _weightValue);
        _lossBinding.BindInput(InnerLoopGraphs.Bias, _biasValue);

        _boundParameters = parameters;
    }

    private OrtValue Fixed(OrtValue value)
    {
        _fixedValues.Add(value);
        return value;
    }

    private SupportBatch Bound() => _boundBatch ?? throw new InvalidOperationException("Bind a support batch first.");
}
