using System.Globalization;
using EdgeMeta.EdgeRuntime.Hosting;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// The frozen backbone on ONNX Runtime: owns the <see cref="InferenceSession"/> and the buffers of step mode.
/// Step mode (<see cref="Step"/>) feeds one token with the state carried internally and allocates nothing:
/// inputs and outputs are OrtValues over pinned arrays, bound once through an <see cref="OrtIoBinding"/>.
/// Sequence mode (<see cref="RunSequence(ReadOnlySpan{int})"/>, <see cref="RunBatch"/>) runs whole phrases at once, on
/// the same kind of binding: for up to <see cref="BoundSequenceSteps"/> positions (the duet's blocks) one made at load
/// per length, so running into the caller's buffers allocates nothing; longer sequences and batches get one for the call.
/// Not thread-safe: one playing thread owns an instance; give adaptation its own instance.
/// </summary>
public sealed class OnnxBackbone : IFeatureBackbone, IDisposable
{
    private readonly string _path;
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions;
    private readonly SequenceBinding _step;                  // step mode: one token [1, 1]; its State is the carried state
    private readonly SequenceBinding[] _bound;               // [T - 1]: sequences of T positions, batch 1
    private bool _disposed;

    /// <summary>Loads <paramref name="onnxPath"/> (a backbone written by the trainer's exporter) and prepares step mode.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is not a loadable ONNX model or lacks the backbone's inputs/outputs; the message names the file.</exception>
    /// <exception cref="InvalidOperationException">An explicitly requested execution provider is not in the native library.</exception>
    public OnnxBackbone(string onnxPath, BackboneSessionOptions? options = null)
        : this(onnxPath, File.Exists(onnxPath ?? throw new ArgumentNullException(nameof(onnxPath)))
            ? (byte[]?)null
            : throw new FileNotFoundException($"{onnxPath}: backbone model file not found.", onnxPath), options)
    {
    }

    /// <summary>
    /// Loads a backbone from the bytes of its ONNX file, so what was hash-verified is exactly what runs
    /// (the file cannot change between the check and the load); <paramref name="name"/> names it in messages.
    /// </summary>
    /// <exception cref="InvalidDataException">The bytes are not a loadable ONNX model or lack the backbone's inputs/outputs; the message names <paramref name="name"/>.</exception>
    /// <exception cref="InvalidOperationException">An explicitly requested execution provider is not in the native library.</exception>
    public OnnxBackbone(byte[] onnxModel, string name, BackboneSessionOptions? options = null)
        : this(name, onnxModel ?? throw new ArgumentNullException(nameof(onnxModel)), options)
    {
    }

    private OnnxBackbone(string onnxPath, byte[]? onnxModel, BackboneSessionOptions? options)
    {
        ArgumentException.ThrowIfNullOrEmpty(onnxPath);
        options ??= new BackboneSessionOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.IntraOpThreads, 1, nameof(options));
        _path = onnxPath;
        var available = ExecutionProviders.Available();
        var chosen = ExecutionProviders.Choose(options.PreferredProvider, [.. available]);
        // A fallback is worth a line even for callers that want the backbone quiet: it explains a slower host.
        var warn = options.Log ?? (line => Console.Error.WriteLine($"warning: {line}"));

        // Before the model is loaded, so what loading frees goes back to the system (NativeHeap says why).
        NativeHeap.ReturnLargeBlocksToTheSystem();
        var disposables = new List<IDisposable>();
        try
        {
            using var sessionOptions = new SessionOptions
            {
                IntraOpNumThreads = options.IntraOpThreads,
                InterOpNumThreads = 1,
                ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
                GraphOptimizationLevel = options.OptimizationLevel,
            };
            ProviderName = ExecutionProviders.Append(sessionOptions, chosen, [.. available], options.PreferredProvider, warn);
            try
            {
                _session = onnxModel is null ? new InferenceSession(onnxPath, sessionOptions) : new InferenceSession(onnxModel, sessionOptions);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidDataException($"{onnxPath}: not a loadable ONNX model: {e.Message}", e);
            }

            disposables.Add(_session);
            (Layers, FeatureSize) = ReadShape(_session, onnxPath);
            VocabularySize = ReadVocabularySize(_session, onnxPath);

            _runOptions = new RunOptions();
            disposables.Add(_runOptions);
            _step = new SequenceBinding(_session, Layers, FeatureSize, 1, 1);
            disposables.Add(_step);
            _bound = new SequenceBinding[BoundSequenceSteps];
            for (var steps = 1; steps <= BoundSequenceSteps; steps++)
            {
                _bound[steps - 1] = new SequenceBinding(_session, Layers, FeatureSize, steps, 1);
                disposables.Add(_bound[steps - 1]);
            }
        }
        catch
        {
            // Half-built native state has one owner until the constructor returns: release it here.
            for (var i = disposables.Count - 1; i >= 0; i--)
            {
                disposables[i].Dispose();
            }

            throw;
        }

        options.Log?.Invoke(string.Create(CultureInfo.InvariantCulture,
            $"backbone {Path.GetFileName(onnxPath)}: {Layers} layer(s), H={FeatureSize}, provider {ProviderName} (available: {string.Join(", ", available)}), {options.IntraOpThreads} thread(s)"));
    }

    /// <summary>
    /// Sequences of up to this many positions run on buffers bound at load (one binding per length: tokens, T × H
    /// features and two states, 12 KB for 8 positions of the shipped model), so <see cref="RunSequence(ReadOnlySpan{int}, ReadOnlySpan{float}, Span{float}, Span{float})"/>
    /// allocates nothing for them: the duet's blocks (FeatureRun.BlockPositions) are 8.
    /// </summary>
    public const int BoundSequenceSteps = 8;

    /// <summary>The execution provider the session runs on, e.g. "CPUExecutionProvider".</summary>
    public string ProviderName { get; }

    /// <summary>Number of recurrent layers (the state's first axis).</summary>
    public int Layers { get; }

    /// <summary>Feature size F (= hidden size H of the top layer).</summary>
    public int FeatureSize { get; }

    /// <summary>Length of the recurrent state: Layers × FeatureSize.</summary>
    public int StateSize => Layers * FeatureSize;

    /// <summary>Vocabulary size V from the model's metadata; tokens must lie in [0, V).</summary>
    public int VocabularySize { get; }

    /// <summary>
    /// Feeds one token, advances the internal state, and returns the features [F]. The span aliases an
    /// internal buffer that the next call overwrites. Allocation-free.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="token"/> is outside [0, V).</exception>
    public ReadOnlySpan<float> Step(int token)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckToken(token);
        _step.Ids[0] = token;
        _session.RunWithBinding(_runOptions, _step.Binding);
        _step.StateOut.AsSpan().CopyTo(_step.State);
        return _step.Features;
    }

    /// <summary>Sets the carried state to zeros (the state the trainer starts every phrase from).</summary>
    public void ResetState()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Array.Clear(_step.State);
    }

    /// <summary>Copies the carried state [L, H] into <paramref name="destination"/> (length <see cref="StateSize"/>).</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public void CopyStateTo(Span<float> destination)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckStateLength(destination.Length, nameof(destination));
        _step.State.CopyTo(destination);
    }

    /// <summary>Replaces the carried state [L, H] (length <see cref="StateSize"/>).</summary>
    /// <exception cref="ArgumentException">Wrong length.</exception>
    public void SetState(ReadOnlySpan<float> state)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        CheckStateLength(state.Length, nameof(state));
        state.CopyTo(_step.State);
    }

    /// <summary>Runs a whole sequence from the zero state; returns features [T × F], row t = step t. Leaves the step state alone.</summary>
    /// <exception cref="ArgumentException">Empty sequence.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token outside [0, V).</exception>
    public float[] RunSequence(ReadOnlySpan<int> tokens) => RunSequence(tokens, ReadOnlySpan<float>.Empty, Span<float>.Empty);

    /// <summary>
    /// Runs a whole sequence from <paramref name="initialState"/> ([L × H], or empty for zeros); returns features
    /// [T × F] and writes the final state into <paramref name="finalState"/> if it is not empty. Leaves the step state alone.
    /// </summary>
    /// <exception cref="ArgumentException">Empty sequence, or a state span of the wrong length.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token outside [0, V).</exception>
    public float[] RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState)
    {
        var features = new float[tokens.Length * FeatureSize];
        RunSequence(tokens, initialState, finalState, features);
        return features;
    }

    /// <summary>
    /// Runs a whole sequence from <paramref name="initialState"/> ([L × H], or empty for zeros), writes its features
    /// [T × F] into <paramref name="features"/> and the final state into <paramref name="finalState"/> if it is not
    /// empty. Leaves the step state alone. Allocation-free for up to <see cref="BoundSequenceSteps"/> tokens.
    /// </summary>
    /// <exception cref="ArgumentException">Empty sequence, a state span of the wrong length, or <paramref name="features"/> not T × F long.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token outside [0, V).</exception>
    public void RunSequence(ReadOnlySpan<int> tokens, ReadOnlySpan<float> initialState, Span<float> finalState, Span<float> features)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (tokens.IsEmpty)
        {
            throw new ArgumentException("Cannot run the backbone on an empty token sequence.", nameof(tokens));
        }

        if (!initialState.IsEmpty)
        {
            CheckStateLength(initialState.Length, nameof(initialState));
        }

        if (!finalState.IsEmpty)
        {
            CheckStateLength(finalState.Length, nameof(finalState));
        }

        IFeatureBackbone.CheckFeatureLength(tokens.Length, FeatureSize, features.Length, nameof(features));
        foreach (var token in tokens)
        {
            CheckToken(token);
        }

        var bound = tokens.Length <= BoundSequenceSteps;
        var run = bound ? _bound[tokens.Length - 1] : new SequenceBinding(_session, Layers, FeatureSize, tokens.Length, 1);
        try
        {
            for (var t = 0; t < tokens.Length; t++)
            {
                run.Ids[t] = tokens[t];   // [T, 1]
            }

            if (initialState.IsEmpty)
            {
                Array.Clear(run.State);
            }
            else
            {
                initialState.CopyTo(run.State);
            }

            _session.RunWithBinding(_runOptions, run.Binding);
            run.Features.CopyTo(features);
            if (!finalState.IsEmpty)
            {
                run.StateOut.CopyTo(finalState);
            }
        }
        finally
        {
            if (!bound)
            {
                run.Dispose();
            }
        }
    }

    /// <summary>
    /// Runs several sequences in one batch from the zero state (evaluation). Shorter sequences are padded at the
    /// end with <paramref name="padToken"/>; the GRU is causal, so padding after a sequence never changes its
    /// features. Returns one array per sequence, features [T_i × F] for its own T_i steps only.
    /// </summary>
    /// <exception cref="ArgumentException">No sequences, or an empty one.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A token (or the pad token) outside [0, V).</exception>
    public float[][] RunBatch(IReadOnlyList<int[]> sequences, int padToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentNullException.ThrowIfNull(sequences);
        if (sequences.Count == 0 || sequences.Any(s => s.Length == 0))
        {
            throw new ArgumentException("RunBatch needs at least one sequence and no empty ones.", nameof(sequences));
        }

        CheckToken(padToken);
        int batch = sequences.Count, maxT = sequences.Max(s => s.Length), f = FeatureSize;
        using var run = new SequenceBinding(_session, Layers, f, maxT, batch);   // state in: zeros
        for (var b = 0; b < batch; b++)
        {
            var sequence = sequences[b];
            for (var t = 0; t < maxT; t++)
            {
                var token = t < sequence.Length ? sequence[t] : padToken;
                CheckToken(token);
                run.Ids[t * batch + b] = token; // [T, B] time-major
            }
        }

        _session.RunWithBinding(_runOptions, run.Binding);
        var features = run.Features; // [T, B, F]
        var result = new float[batch][];
        for (var b = 0; b < batch; b++)
        {
            var own = result[b] = new float[sequences[b].Length * f];
            for (var t = 0; t < sequences[b].Length; t++)
            {
                features.AsSpan((t * batch + b) * f, f).CopyTo(own.AsSpan(t * f, f));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var run in _bound)
        {
            run.Dispose();
        }

        _step.Dispose();

        _runOptions.Dispose();
        _session.Dispose();
    }

    private void CheckToken(int token)
    {
        if ((uint)token >= (uint)VocabularySize)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token id must lie in [0, {VocabularySize}) for backbone {_path}.");
        }
    }

    private void CheckStateLength(int length, string name)
    {
        if (length != StateSize)
        {
            throw new ArgumentException($"Backbone state must have {StateSize} values ({Layers} layers × {FeatureSize}), got {length}.", name);
        }
    }

    private static (int Layers, int Hidden) ReadShape(InferenceSession session, string path)
    {
        Expect(session.InputMetadata, OnnxBackboneNames.Tokens, TensorElementType.Int64, 2, path, "input");
        var state = Expect(session.InputMetadata, OnnxBackboneNames.State, TensorElementType.Float, 3, path, "input");
        Expect(session.OutputMetadata, OnnxBackboneNames.Features, TensorElementType.Float, 3, path, "output");
        Expect(session.OutputMetadata, OnnxBackboneNames.StateOut, TensorElementType.Float, 3, path, "output");
        int layers = state.Dimensions[0], hidden = state.Dimensions[2];
        if (layers <= 0 || hidden <= 0)
        {
            throw new InvalidDataException($"{path}: input '{OnnxBackboneNames.State}' must have fixed layer and hidden sizes [layers, B, H], got [{string.Join(", ", state.Dimensions)}].");
        }

        return (layers, hidden);
    }

    private static NodeMetadata Expect(IReadOnlyDictionary<string, NodeMetadata> nodes, string name, TensorElementType type, int rank, string path, string kind)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            throw new InvalidDataException($"{path}: not an EdgeMeta backbone: no {kind} '{name}' (has {string.Join(", ", nodes.Keys)}).");
        }

        if (!node.IsTensor || node.ElementDataType != type || node.Dimensions.Length != rank)
        {
            throw new InvalidDataException($"{path}: {kind} '{name}' must be a rank-{rank} {type} tensor, got rank {node.Dimensions.Length} {node.ElementDataType}.");
        }

        return node;
    }

    private static int ReadVocabularySize(InferenceSession session, string path)
    {
        var metadata = session.ModelMetadata;
        if (!metadata.CustomMetadataMap.TryGetValue(OnnxBackboneNames.VocabularySizeKey, out var text)
            || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
        {
            throw new InvalidDataException($"{path}: metadata '{OnnxBackboneNames.VocabularySizeKey}' is missing or not a positive integer.");
        }

        return size;
    }

    /// <summary>
    /// The buffers of one sequence shape [T, B] and the binding that runs the session on them: tokens and state in,
    /// features and state out, as OrtValues over pinned arrays (as step mode's), so a run allocates nothing managed.
    /// </summary>
    private sealed class SequenceBinding : IDisposable
    {
        private readonly OrtValue[] _values;

        public SequenceBinding(InferenceSession session, int layers, int hidden, int steps, int batch)
        {
            Ids = new long[steps * batch];
            State = new float[layers * batch * hidden];
            Features = new float[steps * batch * hidden];
            StateOut = new float[layers * batch * hidden];
            var made = new List<IDisposable>(5);
            try
            {
                _values =
                [
                    Made(OrtValue.CreateTensorValueFromMemory(Ids, [steps, batch])),
                    Made(OrtValue.CreateTensorValueFromMemory(State, [layers, batch, hidden])),
                    Made(OrtValue.CreateTensorValueFromMemory(Features, [steps, batch, hidden])),
                    Made(OrtValue.CreateTensorValueFromMemory(StateOut, [layers, batch, hidden])),
                ];
                Binding = session.CreateIoBinding();
                made.Add(Binding);
                Binding.BindInput(OnnxBackboneNames.Tokens, _values[0]);
                Binding.BindInput(OnnxBackboneNames.State, _values[1]);
                Binding.BindOutput(OnnxBackboneNames.Features, _values[2]);
                Binding.BindOutput(OnnxBackboneNames.StateOut, _values[3]);
            }
            catch
            {
                for (var i = made.Count - 1; i >= 0; i--)
                {
                    made[i].Dispose();
                }

                throw;
            }

            OrtValue Made(OrtValue value)
            {
                made.Add(value);
                return value;
            }
        }

        /// <summary>Tokens [T, B], time-major.</summary>
        public long[] Ids { get; }

        /// <summary>State in [L, B, H].</summary>
        public float[] State { get; }

        /// <summary>Features out [T, B, H].</summary>
        public float[] Features { get; }

        /// <summary>State out [L, B, H].</summary>
        public float[] StateOut { get; }

        public OrtIoBinding Binding { get; }

        public void Dispose()
        {
            Binding.Dispose();
            foreach (var value in _values)
            {
                value.Dispose();
            }
        }
    }
}
