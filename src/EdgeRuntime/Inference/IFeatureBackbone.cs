namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// The frozen part of the model as the device sees it: tokens in, feature vectors out, with the
/// recurrent state carried inside. <c>OnnxBackbone</c> implements it on ONNX Runtime; tests use
/// small fakes. The generator and the adapter only need this much.
/// </summary>
public interface IFeatureBackbone
{
    /// <summary>F: length of one feature vector (the adapter head's input size).</summary>
    int FeatureSize { get; }

    /// <summary>
    /// Feeds one token and returns its features [F]. The span stays valid until the next call to
    /// <see cref="Step"/> or <see cref="ResetState"/>; a step must not allocate.
    /// </summary>
    /// <param name="token">A token id of the vocabulary.</param>
    ReadOnlySpan<float> Step(int token);

    /// <summary>Length of the recurrent state (layers × hidden size); 0 for a stateless backbone.</summary>
    int StateSize { get; }

    /// <summary>Sets the recurrent state back to zeros (the start of a new phrase).</summary>
    void ResetState();

    /// <summary>Replaces the step state (length <see cref="StateSize"/>), e.g. with the state a phrase left.</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    void SetState(ReadOnlySpan<float> state);

    /// <summary>
    /// Runs a whole sequence from the zero state (not touching the step state) and returns the
    /// features of every position, [T, F] row-major.
    /// </summary>
    /// <param name="tokens">Token ids, T of them.</param>
    float[] RunSequence(ReadOnlySpan<int> tokens) => RunSequence(tokens, ReadOnlySpan<float>.Empty, Span<float>.Empty);

    /// <summary>
    /// Runs a whole sequence from <paramref name="initialState"/> (empty for zeros), not touching the step state;
    /// returns features [T, F] (a new array: the caller keeps it) and writes the final state into <paramref name="finalState"/> unless it is empty.
    /// </summary>
    float[] RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState);

    /// <summary>
    /// Runs a sequence as <see cref="RunSequence(ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float})"/> does (the same
    /// numbers), writing the features [T, F] into <paramref name="features"/> (exactly T × F values) instead of a new
    /// array: what the duet's block runs call, so that a backbone which can run into the caller's memory allocates
    /// nothing per block (<c>OnnxBackbone</c> for up to <c>OnnxBackbone.BoundSequenceSteps</c> positions). This default
    /// copies from the allocating overload.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="features"/> is not T × F long, or the backbone returned another number of values.</exception>
    void RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState, Span<float> features)
    {
        CheckFeatureLength(tokens.Length, FeatureSize, features.Length, nameof(features));
        var all = RunSequence(tokens, initialState, finalState);
        if (all.Length != features.Length)
        {
            throw new ArgumentException($"The backbone returned {all.Length} feature values for {tokens.Length} tokens; expected {features.Length} (F={FeatureSize}).", nameof(features));
        }

        all.CopyTo(features);
    }

    /// <summary>Throws unless <paramref name="length"/> holds the features of <paramref name="tokens"/> positions of <paramref name="featureSize"/>.</summary>
    /// <exception cref="ArgumentException">Another length.</exception>
    internal static void CheckFeatureLength(int tokens, int featureSize, int length, string name)
    {
        if (length != tokens * featureSize)
        {
            throw new ArgumentException($"Features of {tokens} positions need {tokens * featureSize} values (F={featureSize}), got {length}.", name);
        }
    }
}
