using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;

namespace EdgeMeta.Trainer.Tests.Export;

/// <summary>The device-side backbone over models written by the exporter (lives here because it needs the exporter).</summary>
public sealed class OnnxBackboneTests : IDisposable
{
    private const int Vocab = 40;
    private readonly TempDirectory _temp = new();
    private readonly BackboneWeights _weights = RandomBackbone.Create(11, Vocab, 8, 12, 2);
    private readonly string _path;

    public OnnxBackboneTests()
    {
        _path = _temp.File("backbone.onnx");
        BackboneOnnxExporter.Export(_weights, _path);
    }

    public void Dispose() => _temp.Dispose();

    [Fact]
    public void Dimensions_come_from_the_graph()
    {
        using var backbone = new OnnxBackbone(_path);

        Assert.Equal((2, 12, 24, Vocab), (backbone.Layers, backbone.FeatureSize, backbone.StateSize, backbone.VocabularySize));
    }

    [Fact]
    public void Stepping_token_by_token_equals_running_the_sequence()
    {
        var tokens = RandomBackbone.Tokens(12, 30, Vocab);
        using var backbone = new OnnxBackbone(_path);
        var sequence = backbone.RunSequence(tokens);

        var stepped = new float[sequence.Length];
        foreach (var (token, t) in tokens.Select((token, t) => (token, t)))
        {
            backbone.Step(token).CopyTo(stepped.AsSpan(t * backbone.FeatureSize));
        }

        Assert.True(RandomBackbone.MaxAbsDifference(sequence, stepped) < 1e-5f);
    }

    [Fact]
    public void Step_allocates_nothing_on_the_managed_heap_after_warm_up()
    {
        using var backbone = new OnnxBackbone(_path);
        var tokens = RandomBackbone.Tokens(18, 64, Vocab);
        backbone.Step(tokens[0]);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var sum = 0f;
        foreach (var token in tokens)
        {
            sum += backbone.Step(token)[0];
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.True(float.IsFinite(sum));
    }

    [Fact]
    public void Running_a_block_into_buffers_allocates_nothing_and_gives_the_numbers_of_the_allocating_run()
    {
        using var backbone = new OnnxBackbone(_path);
        var tokens = RandomBackbone.Tokens(19, OnnxBackbone.BoundSequenceSteps, Vocab);
        var initial = new float[backbone.StateSize];
        var random = new Random(20);
        for (var i = 0; i < initial.Length; i++)
        {
            initial[i] = (float)(random.NextDouble() - 0.5);
        }

        var expectedState = new float[backbone.StateSize];
        var expected = backbone.RunSequence(tokens, initial, expectedState);
        var features = new float[tokens.Length * backbone.FeatureSize];
        var state = new float[backbone.StateSize];
        backbone.RunSequence(tokens, initial, state, features);   // warm-up
        Array.Clear(features);
        Array.Clear(state);

        var before = GC.GetAllocatedBytesForCurrentThread();
        backbone.RunSequence(tokens, initial, state, features);
        backbone.RunSequence(tokens.AsSpan(0, 3), initial, Span<float>.Empty, features.AsSpan(0, 3 * backbone.FeatureSize));
        backbone.RunSequence(tokens, initial, state, features);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(expected, features);
        Assert.Equal(expectedState, state);
        Assert.Throws<ArgumentException>(() => backbone.RunSequence(tokens, initial, state, features.AsSpan(1)));
    }

    [Fact]
    public void Set_state_and_reset_state_control_where_stepping_starts()
    {
        using var backbone = new OnnxBackbone(_path);
        var start = RandomBackbone.State(13, backbone.StateSize);
        backbone.SetState(start);
        var copy = new float[backbone.StateSize];
        backbone.CopyStateTo(copy);
        Assert.Equal(start, copy);

        var fromStart = backbone.Step(5).ToArray();
        backbone.ResetState();
        var fromZero = backbone.Step(5).ToArray();

        var expectedState = (float[])start.Clone();
        Assert.True(RandomBackbone.MaxAbsDifference(ReferenceGru.Run(_weights, [5], expectedState), fromStart) < 1e-4f);
        Assert.True(RandomBackbone.MaxAbsDifference(ReferenceGru.Run(_weights, [5], new float[24]), fromZero) < 1e-4f);
    }

    [Fact]
    public void Batch_padding_does_not_change_any_sequence_features()
    {
        int[][] sequences = [RandomBackbone.Tokens(14, 9, Vocab), RandomBackbone.Tokens(15, 3, Vocab), RandomBackbone.Tokens(16, 6, Vocab)];
        using var backbone = new OnnxBackbone(_path);

        var batch = backbone.RunBatch(sequences, padToken: 0);

        Assert.Equal(sequences.Select(s => s.Length * 12), batch.Select(b => b.Length));
        for (var i = 0; i < sequences.Length; i++)
        {
            Assert.True(RandomBackbone.MaxAbsDifference(backbone.RunSequence(sequences[i]), batch[i]) < 1e-5f);
        }
    }

    [Fact]
    public void Token_outside_the_vocabulary_is_rejected()
    {
        using var backbone = new OnnxBackbone(_path);

        Assert.Throws<ArgumentOutOfRangeException>(() => backbone.Step(Vocab));
        Assert.Throws<ArgumentOutOfRangeException>(() => backbone.RunSequence([1, -1]));
    }

    [Fact]
    public void Truncated_model_fails_naming_the_file()
    {
        var truncated = _temp.File("truncated.onnx");
        var bytes = File.ReadAllBytes(_path);
        File.WriteAllBytes(truncated, bytes[..(bytes.Length / 2)]);

        var error = Assert.Throws<InvalidDataException>(() => new OnnxBackbone(truncated));

        Assert.Contains(truncated, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Non_onnx_file_fails_naming_the_file()
    {
        var text = _temp.File("notes.onnx");
        File.WriteAllText(text, "this is not a protobuf model");

        var error = Assert.Throws<InvalidDataException>(() => new OnnxBackbone(text));

        Assert.Contains(text, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_model_file_fails_naming_the_file()
    {
        var missing = _temp.File("missing.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxBackbone(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cpu_build_runs_on_the_cpu_provider_and_says_so()
    {
        var lines = new List<string>();

        using var backbone = new OnnxBackbone(_path, new BackboneSessionOptions { Log = lines.Add });

        Assert.Equal("CPUExecutionProvider", backbone.ProviderName);
        Assert.Contains("CPUExecutionProvider", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Explicit_cuda_request_fails_when_the_native_library_lacks_it()
    {
        var error = Assert.Throws<InvalidOperationException>(() =>
            new OnnxBackbone(_path, new BackboneSessionOptions { PreferredProvider = ExecutionProviderPreference.Cuda }));

        Assert.Contains("CUDAExecutionProvider", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Auto_prefers_tensorrt_then_cuda_then_cpu()
    {
        Assert.Equal("TensorrtExecutionProvider", ExecutionProviders.Choose(ExecutionProviderPreference.Auto, ["TensorrtExecutionProvider", "CUDAExecutionProvider", "CPUExecutionProvider"]));
        Assert.Equal("CUDAExecutionProvider", ExecutionProviders.Choose(ExecutionProviderPreference.Auto, ["CUDAExecutionProvider", "CPUExecutionProvider"]));
        Assert.Equal("CPUExecutionProvider", ExecutionProviders.Choose(ExecutionProviderPreference.Auto, ["CPUExecutionProvider"]));
        Assert.Equal("CPUExecutionProvider", ExecutionProviders.Choose(ExecutionProviderPreference.Cpu, ["CUDAExecutionProvider", "CPUExecutionProvider"]));
    }

    [Fact]
    public void Full_vocabulary_model_accepts_every_token_id()
    {
        var path = _temp.File("full.onnx");
        BackboneOnnxExporter.Export(RandomBackbone.Create(17, Vocabulary.Size, 4, 6, 1), path);
        using var backbone = new OnnxBackbone(path);

        var features = backbone.RunSequence([.. Enumerable.Range(0, Vocabulary.Size)]);

        Assert.Equal(Vocabulary.Size * 6, features.Length);
        Assert.All(features, f => Assert.InRange(f, -1f, 1f));
    }
}
