using EdgeMeta.EdgeRuntime.Inference;

namespace EdgeMeta.EdgeRuntime.Tests.Inference;

/// <summary>Wraps a backbone and counts the positions its sequence mode runs (what the duet still computes at a phrase end).</summary>
internal sealed class CountingBackbone(IFeatureBackbone inner) : IFeatureBackbone
{
    public int PositionsRun { get; set; }

    public int FeatureSize => inner.FeatureSize;

    public int StateSize => inner.StateSize;

    public ReadOnlySpan<float> Step(int token) => inner.Step(token);

    public void ResetState() => inner.ResetState();

    public void SetState(ReadOnlySpan<float> state) => inner.SetState(state);

    public float[] RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState)
    {
        PositionsRun += tokens.Length;
        return inner.RunSequence(tokens, initialState, finalState);
    }

    public void RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState, Span<float> features)
    {
        PositionsRun += tokens.Length;
        inner.RunSequence(tokens, initialState, finalState, features);
    }
}
