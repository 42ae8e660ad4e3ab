using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// The backbone's run over one phrase (BOS + events, from the zero state, as in training), done in fixed blocks of
/// <see cref="BlockPositions"/> positions with the recurrent state carried from block to block. Fixed blocks are what
/// lets the live duet start a phrase's run while the performer is still playing it and finish it at the phrase end
/// with exactly the numbers a run from scratch gives: block k always runs the same tokens from the same state,
/// whenever it runs. (On ONNX Runtime's CPU GRU, blocks also equal one whole-sequence run bit for bit; the tests check
/// both on the shipped model.)
/// <para>Tokens may be fed before it is known whether they stay: <see cref="Extend"/> keeps the blocks that still
/// match and reruns from the first block that does not. Single-threaded: the duet's listening thread owns a run.</para>
/// </summary>
internal sealed class FeatureRun
{
    /// <summary>Positions per backbone call: 8 costs no more than one whole-phrase call here (1.7 ms per 64 positions on the shipped model either way) and leaves at most 7 for the phrase end.</summary>
    public const int BlockPositions = 8;

    private readonly int _featureSize;
    private readonly int _stateSize;
    private readonly List<int> _positions = [];          // the tokens of the positions run so far (whole blocks)
    private readonly List<float[]> _blockStates = [];    // [k] = state after k blocks; [0] = zeros
    private readonly List<float[]> _blockFeatures = [];  // [k] = features of block k, [BlockPositions, F] row-major

    /// <summary>A run with nothing computed yet, for a backbone of <paramref name="featureSize"/> and <paramref name="stateSize"/>.</summary>
    public FeatureRun(int featureSize, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegative(stateSize);
        _featureSize = featureSize;
        _stateSize = stateSize;
        _blockStates.Add(new float[stateSize]);
    }

    /// <summary>Positions whose features are computed (always whole blocks).</summary>
    public int Computed => _positions.Count;

    /// <summary>How many leading positions of <paramref name="positions"/> this run has computed with the same tokens, in whole blocks.</summary>
    public int Matching(ReadOnlySpan<int> positions)
    {
        var common = 0;
        var limit = Math.Min(positions.Length, _positions.Count);
        while (common < limit && _positions[common] == positions[common])
        {
            common++;
        }

        return common / BlockPositions * BlockPositions;
    }

    /// <summary>
    /// Makes the run cover the whole blocks of <paramref name="positions"/> (BOS + the events known so far): blocks
    /// computed for other tokens are dropped, the missing whole blocks run now; a last partial block waits.
    /// </summary>
    /// <exception cref="ArgumentException">The backbone does not fit the run.</exception>
    public void Extend(IFeatureBackbone backbone, ReadOnlySpan<int> positions)
    {
        Rewind(Matching(positions));
        while (_positions.Count + BlockPositions <= positions.Length)
        {
            _ = RunBlock(backbone, positions.Slice(_positions.Count, BlockPositions));
        }
    }

    /// <summary>
    /// Finishes the run over <paramref name="phrase"/>: reuses the matching blocks, runs the rest (the last block may
    /// be partial) and returns the phrase's features and final state. The run is spent afterwards.
    /// </summary>
    /// <exception cref="ArgumentException">The backbone does not fit the run or returned features of the wrong size.</exception>
    public PhraseFeatures Complete(IFeatureBackbone backbone, Phrase phrase)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(phrase);
        var positions = Positions(phrase);
        Extend(backbone, positions);
        var done = _positions.Count;
        var finalState = _blockStates[^1];
        // The blocks stay apart until here, so a run grows by the backbone's own block outputs and the phrase's
        // features are one array of exactly its size (65 positions of 256 floats: under the large-object threshold).
        var features = new float[positions.Length * _featureSize];
        for (var block = 0; block < _blockFeatures.Count; block++)
        {
            _blockFeatures[block].CopyTo(features, block * BlockPositions * _featureSize);
        }

        if (done < positions.Length)
        {
            var (last, state) = RunBlock(backbone, positions.AsSpan(done));
            last.CopyTo(features, done * _featureSize);
            finalState = state;
        }

        return new PhraseFeatures(phrase, features, finalState, _featureSize);
    }

    /// <summary>BOS + events: the positions whose features the adapter learns from (EOS is only a target).</summary>
    public static int[] Positions(Phrase phrase)
    {
        var positions = new int[phrase.Length + 1];
        positions[0] = Vocabulary.Bos;
        phrase.Tokens.CopyTo(positions, 1);
        return positions;
    }

    private void Rewind(int positions)
    {
        var blocks = positions / BlockPositions;
        _positions.RemoveRange(positions, _positions.Count - positions);
        _blockStates.RemoveRange(blocks + 1, _blockStates.Count - blocks - 1);
        _blockFeatures.RemoveRange(blocks, _blockFeatures.Count - blocks);
    }

    private (float[] Features, float[] State) RunBlock(IFeatureBackbone backbone, ReadOnlySpan<int> tokens)
    {
        if (backbone.FeatureSize != _featureSize || backbone.StateSize != _stateSize)
        {
            throw new ArgumentException($"A run for F={_featureSize}, state {_stateSize} cannot continue on a backbone of F={backbone.FeatureSize}, state {backbone.StateSize}.", nameof(backbone));
        }

        var state = new float[_stateSize];
        var features = backbone.RunSequence(tokens, _blockStates[^1], state);
        if (features.Length != tokens.Length * _featureSize)
        {
            throw new ArgumentException($"The backbone returned {features.Length} feature values for {tokens.Length} tokens; expected {tokens.Length * _featureSize} (F={_featureSize}).", nameof(backbone));
        }

        if (tokens.Length == BlockPositions)
        {
            foreach (var token in tokens)
            {
                _positions.Add(token);
            }

            _blockStates.Add(state);
            _blockFeatures.Add(features);
        }

        return (features, state);
    }
}
