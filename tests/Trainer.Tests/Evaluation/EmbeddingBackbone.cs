using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Tests.Evaluation;

/// <summary>A stateless stand-in backbone: the features of a step are a fixed random vector of its token (a first-order model).</summary>
internal sealed class EmbeddingBackbone : IFeatureBackbone
{
    private readonly float[] _table;

    public EmbeddingBackbone(int featureSize, int seed)
    {
        FeatureSize = featureSize;
        var random = new Random(seed);
        _table = new float[Vocabulary.Size * featureSize];
        for (var i = 0; i < _table.Length; i++)
        {
            _table[i] = (float)((random.NextDouble() * 2) - 1);
        }
    }

    public int FeatureSize { get; }

    public ReadOnlySpan<float> Step(int token) => _table.AsSpan(token * FeatureSize, FeatureSize);

    public int StateSize => 0;

    public void ResetState()
    {
    }

    public void SetState(ReadOnlySpan<float> state)
    {
    }

    public float[] RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState)
    {
        var features = new float[tokens.Length * FeatureSize];
        for (var t = 0; t < tokens.Length; t++)
        {
            Step(tokens[t]).CopyTo(features.AsSpan(t * FeatureSize));
        }

        return features;
    }
}
