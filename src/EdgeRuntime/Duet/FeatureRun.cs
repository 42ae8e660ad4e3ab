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
/// <para>A block's features and state live in arrays of the run's <see cref="BlockBuffers"/> (the duet's, shared by its
/// runs): blocks dropped, a run completed or <see cref="Release"/>d give them back, so listening ahead allocates no
/// block arrays once the first phrases have been played, and the backbone runs into them
/// (<see cref="IFeatureBackbone.RunSequence(ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float}, Span{float})"/>).</para>
/// </summary>
internal sealed class FeatureRun
{
    /// <summary>Positions per backbone call: 8 costs no more than one whole-phrase call here (1.7 ms per 64 positions on the shipped model either way) and leaves at most 7 for the phrase end.</summary>
    public const int BlockPositions = 8;

    private readonly BlockBuffers _buffers;
    private readonly List<int> _positions = [];          // the tokens of the positions run so far (whole blocks)
    private readonly List<float[]> _blockStates = [];    // [k] = state after k blocks; [0] = zeros (the buffers', never written)
    private readonly List<float[]> _blockFeatures = [];  // [k] = features of block k, [BlockPositions, F] row-major

    /// <summary>A run with nothing computed yet, for a backbone of <paramref name="featureSize"/> and <paramref name="stateSize"/>, with buffers of its own.</summary>
    public FeatureRun(int featureSize, int stateSize)
        : this(new BlockBuffers(featureSize, stateSize))
    {
    }

    /// <summary>A run with nothing computed yet, keeping its blocks in <paramref name="buffers"/> (shared with other runs of the same thread).</summary>
    public FeatureRun(BlockBuffers buffers)
    {
        ArgumentNullException.ThrowIfNull(buffers);
        _buffers = buffers;
        _blockStates.Add(buffers.Zeros);
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
        ArgumentNullException.ThrowIfNull(backbone);
        CheckFits(backbone);
        Rewind(Matching(positions));
        while (_positions.Count + BlockPositions <= positions.Length)
        {
            RunBlock(backbone, positions.Slice(_positions.Count, BlockPositions));
        }
    }

    /// <summary>
    /// Finishes the run over <paramref name="phrase"/>: reuses the matching blocks, runs the rest (the last block may
    /// be partial) and returns the phrase's features and final state (arrays of their own). The run is spent
    /// afterwards: its blocks go back to the buffers, and it has nothing computed.
    /// </summary>
    /// <exception cref="ArgumentException">The backbone does not fit the run or returned features of the wrong size.</exception>
    public PhraseFeatures Complete(IFeatureBackbone backbone, Phrase phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        return Complete(backbone, phrase, Positions(phrase), null);
    }

    /// <summary>
    /// <see cref="Complete(IFeatureBackbone, Phrase)"/> for the phrase's <paramref name="positions"/> (BOS + its tokens,
    /// <see cref="Positions(ReadOnlySpan{int}, Span{int})"/>), into arrays of <paramref name="into"/> when given (the live
    /// duet's, given back when it releases the phrase).
    /// </summary>
    public PhraseFeatures Complete(IFeatureBackbone backbone, Phrase phrase, ReadOnlySpan<int> positions, PhraseBuffers? into)
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentNullException.ThrowIfNull(phrase);
        if (positions.Length != phrase.Length + 1)
        {
            throw new ArgumentException($"{positions.Length} positions are not BOS + the {phrase.Length} tokens of the phrase.", nameof(positions));
        }

        Extend(backbone, positions);
        var done = _positions.Count;
        var featureSize = _buffers.FeatureSize;
        var (features, finalState, reused) = into is null
            ? (new float[positions.Length * featureSize], new float[_buffers.StateSize], false)
            : into.Rent(positions.Length);
        // The blocks stay apart until here, so a run grows by whole blocks and the phrase's features are one array
        // (65 positions of 256 floats: under the large-object threshold).
        for (var block = 0; block < _blockFeatures.Count; block++)
        {
            _blockFeatures[block].CopyTo(features, block * BlockPositions * featureSize);
        }

        if (done < positions.Length)
        {
            backbone.RunSequence(positions[done..], _blockStates[^1], finalState, features.AsSpan(done * featureSize, (positions.Length - done) * featureSize));
        }
        else
        {
            _blockStates[^1].CopyTo(finalState, 0);
        }

        Release();
        return reused ? new PhraseFeatures(phrase, features, finalState, featureSize, into) : new PhraseFeatures(phrase, features, finalState, featureSize);
    }

    /// <summary>Drops everything computed and gives the blocks back to the buffers (a run the duet no longer needs).</summary>
    public void Release() => Rewind(0);

    /// <summary>BOS + events: the positions whose features the adapter learns from (EOS is only a target).</summary>
    public static int[] Positions(Phrase phrase)
    {
        var positions = new int[phrase.Length + 1];
        Positions(phrase.Tokens, positions);
        return positions;
    }

    /// <summary>BOS + <paramref name="tokens"/> written into <paramref name="into"/> (at least one longer), without allocating.</summary>
    public static void Positions(ReadOnlySpan<int> tokens, Span<int> into)
    {
        into[0] = Vocabulary.Bos;
        tokens.CopyTo(into[1..]);
    }

    private void Rewind(int positions)
    {
        var blocks = positions / BlockPositions;
        for (var block = blocks; block < _blockFeatures.Count; block++)
        {
            _buffers.Return(_blockFeatures[block], _blockStates[block + 1]);
        }

        _positions.RemoveRange(positions, _positions.Count - positions);
        _blockStates.RemoveRange(blocks + 1, _blockStates.Count - blocks - 1);
        _blockFeatures.RemoveRange(blocks, _blockFeatures.Count - blocks);
    }

    private void CheckFits(IFeatureBackbone backbone)
    {
        if (backbone.FeatureSize != _buffers.FeatureSize || backbone.StateSize != _buffers.StateSize)
        {
            throw new ArgumentException($"A run for F={_buffers.FeatureSize}, state {_buffers.StateSize} cannot continue on a backbone of F={backbone.FeatureSize}, state {backbone.StateSize}.", nameof(backbone));
        }
    }

    private void RunBlock(IFeatureBackbone backbone, ReadOnlySpan<int> tokens)
    {
        var (features, state) = _buffers.Rent();
        try
        {
            backbone.RunSequence(tokens, _blockStates[^1], state, features);
        }
        catch
        {
            _buffers.Return(features, state);
            throw;
        }

        foreach (var token in tokens)
        {
            _positions.Add(token);
        }

        _blockStates.Add(state);
        _blockFeatures.Add(features);
    }
}

/// <summary>
/// The arrays of whole blocks (features [<see cref="FeatureRun.BlockPositions"/>, F] and the state after the block)
/// that a thread's <see cref="FeatureRun"/>s take and give back, so that listening ahead reuses them instead of
/// allocating a pair per block. Keeps at most <see cref="MaxKept"/> free pairs (enough for every run the duet holds:
/// 9 phrases of at most 8 whole blocks, twice over); more given back are left to the collector. Single-threaded.
/// </summary>
internal sealed class BlockBuffers
{
    /// <summary>Free pairs kept at most.</summary>
    public const int MaxKept = 256;

    private readonly Stack<float[]> _features = new();
    private readonly Stack<float[]> _states = new();

    /// <summary>Buffers for a backbone of <paramref name="featureSize"/> and <paramref name="stateSize"/>.</summary>
    public BlockBuffers(int featureSize, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(featureSize);
        ArgumentOutOfRangeException.ThrowIfNegative(stateSize);
        FeatureSize = featureSize;
        StateSize = stateSize;
        Zeros = new float[stateSize];
    }

    /// <summary>F.</summary>
    public int FeatureSize { get; }

    /// <summary>Length of the backbone's state.</summary>
    public int StateSize { get; }

    /// <summary>The zero state every run starts from (read only by convention: nothing writes it).</summary>
    public float[] Zeros { get; }

    /// <summary>Free pairs waiting to be reused.</summary>
    public int Free => _features.Count;

    /// <summary>A block's features and state arrays, reused if any were given back (their contents are stale: the backbone overwrites them).</summary>
    public (float[] Features, float[] State) Rent() =>
        _features.TryPop(out var features) && _states.TryPop(out var state)
            ? (features, state)
            : (new float[FeatureRun.BlockPositions * FeatureSize], new float[StateSize]);

    /// <summary>Gives a block's arrays back.</summary>
    public void Return(float[] features, float[] state)
    {
        if (_features.Count < MaxKept)
        {
            _features.Push(features);
            _states.Push(state);
        }
    }
}
