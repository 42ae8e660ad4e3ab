using System.Security.Cryptography;
using System.Text.Json.Nodes;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Models;

public class ModelFolderTests
{
    private static readonly byte[] FakeOnnx = [0x08, 0x09, 0x12, 0x04, 0x74, 0x65, 0x73, 0x74, 1, 2, 3, 4];

    private static ManifestInfo Info() => new(
        "tiny",
        EmbeddingSize: 4,
        HiddenSize: 6,
        Layers: 1,
        new OnnxGraphInfo(17, 8, ["tokens: int64 [T, B]", "state: float [1, B, 6]"], ["features: float [T, B, 6]", "state_out: float [1, B, 6]"]),
        new TrainingInfo(["data/a"], ["folk"], ["jazz"], "edgemeta-train train --steps 3", new Dictionary<string, string> { ["hidden"] = "6" }, 3, 1.5, 42),
        new Dictionary<string, string> { ["nll_adapted"] = "2.1" });

    private static (ScratchFolder Folder, string Dir, ModelManifest Manifest) WriteTiny(int rank = 2)
    {
        var folder = new ScratchFolder();
        var dir = Path.Combine(folder.Path, "tiny");
        var adapter = AdapterFileTests.RandomAdapter(Vocabulary.Size, 6, rank, seed: 3);
        var manifest = ModelFolderWriter.Write(dir, FakeOnnx, adapter, new InnerLoopSettings(Steps: 4, LearningRate: 0.25f), Info(), "# tiny\n");
        return (folder, dir, manifest);
    }

    [Fact]
    public void Written_folder_loads_with_the_same_adapter_and_settings()
    {
        var (folder, dir, manifest) = WriteTiny();
        using var _ = folder;

        var model = ModelFolder.Load(dir);

        Assert.Equal(manifest.ModelId, model.ModelId);
        Assert.StartsWith("tiny-", model.ModelId, StringComparison.Ordinal);
        Assert.Equal(new InnerLoopSettings(Steps: 4, LearningRate: 0.25f), model.InnerLoop);
        Assert.Equal((Vocabulary.Size, 6, 2), (model.InitialAdapter.VocabularySize, model.InitialAdapter.FeatureSize, model.InitialAdapter.Rank));
        Assert.Equal(AdapterFileTests.RandomAdapter(Vocabulary.Size, 6, 2, seed: 3).HeadWeight, model.InitialAdapter.HeadWeight);
        Assert.Equal(Path.Combine(dir, "backbone.onnx"), model.BackbonePath);
        Assert.Equal(["MODEL_CARD.md", "adapter.safetensors", "backbone.onnx"], model.Manifest.Files.Keys.Order(StringComparer.Ordinal));
        Assert.Equal("2.1", model.Manifest.Evaluation["nll_adapted"]);
    }

    [Fact]
    public void Manifest_is_snake_case_json_with_file_hashes()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;

        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "manifest.json")))!;

        Assert.Equal(1, (int)json["format_version"]!);
        Assert.Equal(Vocabulary.Id, (string)json["vocabulary"]!["id"]!);
        Assert.Equal(6, (int)json["dimensions"]!["feature_size"]!);
        Assert.Equal(2, (int)json["dimensions"]!["adapter_rank"]!);
        Assert.Equal(17, (int)json["onnx"]!["opset"]!);
        Assert.Equal(0.25f, (float)json["inner_loop"]!["learning_rate"]!);
        Assert.Equal(["jazz"], json["training"]!["held_out_families"]!.AsArray().Select(n => (string)n!));
        var expected = Convert.ToHexStringLower(SHA256.HashData(FakeOnnx));
        Assert.Equal(expected, (string)json["files"]!["backbone.onnx"]!["sha256"]!);
        Assert.Equal(FakeOnnx.Length, (long)json["files"]!["backbone.onnx"]!["bytes"]!);
    }

    [Fact]
    public void Tampered_backbone_fails_with_a_sha256_mismatch_naming_the_file()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        var path = Path.Combine(dir, "backbone.onnx");
        var bytes = File.ReadAllBytes(path);
        bytes[^1] ^= 0xFF;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir));
        Assert.StartsWith($"{path}: sha256 mismatch (manifest ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_adapter_fails_with_a_size_mismatch_naming_the_file()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        var path = Path.Combine(dir, "adapter.safetensors");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^100]);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir));
        Assert.Equal($"{path}: size mismatch (manifest {bytes.Length} bytes, file {bytes.Length - 100} bytes); the file is truncated", ex.Message);
    }

    [Fact]
    public void Missing_backbone_fails_with_file_not_found_naming_it()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        var path = Path.Combine(dir, "backbone.onnx");
        File.Delete(path);

        var ex = Assert.Throws<FileNotFoundException>(() => ModelFolder.Load(dir));
        Assert.Equal($"{path}: missing (listed in manifest.json)", ex.Message);
    }

    [Fact]
    public void Missing_manifest_says_it_is_not_a_model_folder()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        File.Delete(Path.Combine(dir, "manifest.json"));

        var ex = Assert.Throws<FileNotFoundException>(() => ModelFolder.Load(dir));
        Assert.Contains("manifest.json: missing; not a model folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_with_wrong_dimensions_names_the_adapter_and_both_shapes()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        EditManifest(dir, json =>
        {
            json["dimensions"]!["feature_size"] = 8;
            json["onnx"]!["outputs"]![0] = "features: float [T, B, 8]"; // consistent with itself, so the adapter check speaks
        });

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir));
        Assert.Contains("adapter.safetensors: adapter shapes [V=391, F=6, r=2] do not match manifest.json dimensions [V=391, F=8, r=2]", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_for_another_vocabulary_is_refused()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        EditManifest(dir, json => json["vocabulary"]!["id"] = "remi-v2");

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir));
        Assert.Contains("manifest.json: vocabulary remi-v2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Manifest_with_an_unknown_field_is_refused()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        EditManifest(dir, json => json["surprise"] = 1);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir));
        Assert.Contains("manifest.json: not a valid manifest", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapter_of_another_model_is_refused_even_when_hashes_match()
    {
        var (folder, dir, _) = WriteTiny();
        using var _ = folder;
        var adapterPath = Path.Combine(dir, "adapter.safetensors");
        AdapterFile.Save(adapterPath, AdapterFileTests.RandomAdapter(Vocabulary.Size, 6, 2, seed: 9), new InnerLoopSettings(Steps: 4, LearningRate: 0.25f), "other-00000000");
        var bytes = File.ReadAllBytes(adapterPath);
        EditManifest(dir, json =>
        {
            json["files"]!["adapter.safetensors"]!["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes));
            json["files"]!["adapter.safetensors"]!["bytes"] = bytes.Length;
        });

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(dir));
        Assert.Contains("made for model 'other-00000000'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapter_without_the_vocabulary_size_is_refused_at_export()
    {
        using var folder = new ScratchFolder();
        var adapter = new AdapterParameters(10, 6);
        Assert.Throws<ArgumentException>(() => ModelFolderWriter.Write(folder.Path, FakeOnnx, adapter, new InnerLoopSettings(), Info(), ""));
    }

    private static void EditManifest(string dir, Action<JsonNode> edit)
    {
        var path = Path.Combine(dir, "manifest.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        edit(json);
        File.WriteAllText(path, json.ToJsonString());
    }
}
