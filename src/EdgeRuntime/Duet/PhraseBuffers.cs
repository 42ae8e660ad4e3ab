namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// The arrays the live duet keeps its phrases' features and final states in (<see cref="PhraseFeatures"/>), each
/// big enough for a phrase of up to <see cref="MaxPositions"/> positions and reused once the duet releases the phrase
/// that had it. A longer phrase (a chord larger than a phrase is kept whole) gets arrays of its own. At most
/// <see cref="MaxKept"/> free pairs are kept: the duet holds a window, its call and a phrase or two an answer may still
/// prime from. Single-threaded: the listening thread's.
/// </summary>
internal sealed class PhraseBuffers
{
    /// <summary>Free pairs kept at most.</summary>
    public const int MaxKept = 16;

    private readonly Stack<float[]> _features = new();
    private readonly Stack<float[]> _states = new();

    /// <summary>Buffers for phrases of up to <paramref name="maxPositions"/> positions of F = <paramref name="featureSize"/>.</summary>
    public PhraseBuffers(int featureSize, int stateSize, int maxPositions)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegative(stateSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxPositions);
        FeatureSize = featureSize;
        StateSize = stateSize;
        MaxPositions = maxPositions;
    }

    /// <summary>F.</summary>
    public int FeatureSize { get; }

    /// <summary>Length of the backbone's state.</summary>
    public int StateSize { get; }

    /// <summary>Positions a reused features array holds.</summary>
    public int MaxPositions { get; }

    /// <summary>Free pairs waiting to be reused.</summary>
    public int Free => _features.Count;

    /// <summary>Arrays for a phrase of <paramref name="positions"/> positions (stale contents), and whether they come back here when released.</summary>
    public (float[] Features, float[] State, bool Reused) Rent(int positions)
    {
        if (positions > MaxPositions)
        {
            return (new float[positions * FeatureSize], new float[StateSize], false);
        }

        return _features.TryPop(out var features) && _states.TryPop(out var state)
            ? (features, state, true)
            : (new float[MaxPositions * FeatureSize], new float[StateSize], true);
    }

    /// <summary>Gives a phrase's arrays back.</summary>
    public void Return(float[] features, float[] state)
    {
        if (_features.Count < MaxKept && features.Length == MaxPositions * FeatureSize)
        {
            _features.Push(features);
            _states.Push(state);
        }
    }

    /// <summary>Makes <paramref name="count"/> free pairs now (at load, so that playing does not allocate them).</summary>
    public void Prepare(int count)
    {
        while (_features.Count < Math.Min(count, MaxKept))
        {
            _features.Push(new float[MaxPositions * FeatureSize]);
            _states.Push(new float[StateSize]);
        }
    }
}
