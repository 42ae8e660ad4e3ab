using EdgeMeta.EdgeRuntime.Inference;

namespace EdgeMeta.EdgeRuntime.Tests.Inference;

/// <summary>
/// A deterministic stand-in for OnnxBackbone: the state is a running mix of the tokens fed, the features
/// are a fixed function of it. It records what it was fed and allocates nothing per step.
/// </summary>
internal sealed class FakeBackbone(int featureSize) : IFeatureBackbone
{
    private readonly float[] _features = new float[featureSize];
    private float _state;

    public int FeatureSize => featureSize;

    public List<int> Fed { get; } = [];

    public bool Recording { get; set; } = true;

    /// <summary>How many sequence-mode runs were asked for.</summary>
    public int SequenceRuns { get; private set; }

    public ReadOnlySpan<float> Step(int token)
    {
        if (Recording)
        {
            Fed.Add(token);
        }

        _state = (0.7f * _state) + (0.01f * token);
        for (var i = 0; i < _features.Length; i++)
        {
            _features[i] = MathF.Sin(_state * (i + 1)) + (0.1f * MathF.Cos(token * (i + 1)));
        }

        return _features;
    }

    public int StateSize => 1;

    public void ResetState() => _state = 0;

    public void SetState(ReadOnlySpan<float> state) => _state = state[0];

    public float[] RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState)
    {
        SequenceRuns++;
        var saved = _state;
        var recording = Recording;
        Recording = false;
        _state = initialState.IsEmpty ? 0 : initialState[0];
        var all = new float[tokens.Length * featureSize];
        for (var t = 0; t < tokens.Length; t++)
        {
            Step(tokens[t]).CopyTo(all.AsSpan(t * featureSize));
        }

        if (!finalState.IsEmpty)
        {
            finalState[0] = _state;
        }

        _state = saved;
        Recording = recording;
        return all;
    }
}
