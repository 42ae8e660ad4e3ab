using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Models;

public class AdapterFileTests
{
    internal static AdapterParameters RandomAdapter(int vocab, int features, int rank, int seed)
    {
        var random = new Random(seed);
        var adapter = new AdapterParameters(vocab, features, rank);
        foreach (var (_, _, data) in adapter.Tensors())
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() * 2 - 1);
            }
        }

        return adapter;
    }

    [Fact]
    public void Round_trip_keeps_weights_inner_loop_model_id_and_vocabulary()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("adapter.safetensors");
        var adapter = RandomAdapter(7, 5, 2, seed: 1);
        var settings = new InnerLoopSettings(Steps: 8, LearningRate: 0.123f, ReptileEpsilon: 0.3f);

        AdapterFile.Save(path, adapter, settings, "tiny-1234abcd");
        var loaded = AdapterFile.Load(path);

        Assert.Equal(settings, loaded.InnerLoop);
        Assert.Equal("tiny-1234abcd", loaded.ModelId);
        Assert.Equal(Vocabulary.Id, loaded.VocabularyId);
        Assert.Equal((7, 5, 2), (loaded.Adapter.VocabularySize, loaded.Adapter.FeatureSize, loaded.Adapter.Rank));
        Assert.Equal(adapter.HeadWeight, loaded.Adapter.HeadWeight);
        Assert.Equal(adapter.HeadBias, loaded.Adapter.HeadBias);
        Assert.Equal(adapter.LoraDown, loaded.Adapter.LoraDown);
        Assert.Equal(adapter.LoraUp, loaded.Adapter.LoraUp);
    }

    [Fact]
    public void Metadata_carries_the_documented_keys()
    {
        var bytes = AdapterFile.ToBytes(RandomAdapter(3, 2, 0, seed: 2), new InnerLoopSettings(), "m");
        var file = SafeTensorsFile.Parse(bytes, "mem");

        Assert.Equal(
            ["format_version", "inner_lr", "inner_optimizer", "inner_steps", "model_id", "reptile_epsilon", "vocabulary"],
            file.Metadata.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("sgd", file.Metadata["inner_optimizer"]);
        Assert.Equal(["head.weight", "head.bias"], file.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Missing_head_bias_is_named()
    {
        var file = new SafeTensorsFile([new SafeTensor("head.weight", [2, 2], new float[4])], Metadata());
        var ex = Assert.Throws<InvalidDataException>(() => AdapterFile.FromFile(file, "p/adapter.safetensors"));
        Assert.Equal("p/adapter.safetensors: tensor 'head.bias' is missing", ex.Message);
    }

    [Fact]
    public void Bias_shape_that_disagrees_with_the_weight_is_named()
    {
        var file = new SafeTensorsFile(
            [new SafeTensor("head.weight", [2, 2], new float[4]), new SafeTensor("head.bias", [3], new float[3])], Metadata());
        var ex = Assert.Throws<InvalidDataException>(() => AdapterFile.FromFile(file, "a.safetensors"));
        Assert.Contains("'head.bias' has shape [3], expected [2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_tensors_are_refused()
    {
        var file = new SafeTensorsFile(
            [new SafeTensor("head.weight", [1, 1], [1f]), new SafeTensor("head.bias", [1], [1f]), new SafeTensor("extra", [1], [1f])], Metadata());
        var ex = Assert.Throws<InvalidDataException>(() => AdapterFile.FromFile(file, "a.safetensors"));
        Assert.Contains("unexpected tensor 'extra'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unparsable_learning_rate_is_named()
    {
        var metadata = Metadata();
        metadata["inner_lr"] = "fast";
        var file = new SafeTensorsFile([new SafeTensor("head.weight", [1, 1], [1f]), new SafeTensor("head.bias", [1], [1f])], metadata);
        var ex = Assert.Throws<InvalidDataException>(() => AdapterFile.FromFile(file, "a.safetensors"));
        Assert.Contains("metadata 'inner_lr' = 'fast'", ex.Message, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Metadata() => new()
    {
        ["format_version"] = "1",
        ["model_id"] = "m",
        ["vocabulary"] = Vocabulary.Id,
        ["inner_optimizer"] = "sgd",
        ["inner_steps"] = "3",
        ["inner_lr"] = "0.5",
        ["reptile_epsilon"] = "0.5",
    };

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    [InlineData(float.NegativeInfinity)]
    public void An_adapter_with_a_non_finite_weight_is_refused_naming_file_tensor_and_index(float poison)
    {
        using var folder = new ScratchFolder();
        var path = folder.File("adapter.safetensors");
        var adapter = RandomAdapter(7, 5, 0, seed: 3);
        adapter.HeadWeight[12] = poison;
        // Written through the format, not through AdapterFile.Save, which would refuse it as well.
        File.WriteAllBytes(path, AdapterFile.ToBytes(adapter, new InnerLoopSettings(Steps: 1, LearningRate: 0.1f, ReptileEpsilon: 0.5f), "tiny-1234abcd"));

        var ex = Assert.Throws<InvalidDataException>(() => AdapterFile.Load(path));

        Assert.StartsWith(path + ": tensor 'head.weight'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("index 12", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IsFinite_finds_the_first_bad_weight_in_any_tensor()
    {
        var adapter = RandomAdapter(7, 5, 2, seed: 4);
        Assert.True(adapter.IsFinite());

        adapter.LoraUp[3] = float.NaN;

        Assert.False(adapter.IsFinite());
        Assert.Equal(("lora.up", 3), adapter.FirstNonFinite() is { } bad ? (bad.Tensor, bad.Index) : default);
    }
}
