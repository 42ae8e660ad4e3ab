using System.Text.Json.Nodes;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Models;

/// <summary>A manifest that is wrong about its backbone's size is refused (issue 14, finding 11).</summary>
public sealed class ManifestDimensionsTests
{
    // A copy of models/default whose manifest.json is edited; the manifest is not in its own hash list.
    private static ScratchFolder CopyWithManifest(Action<JsonNode> edit)
    {
        var folder = new ScratchFolder();
        var source = Path.Combine(TestPaths.RepositoryRoot(), "models", "default");
        foreach (var file in Directory.GetFiles(source))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        var json = JsonNode.Parse(File.ReadAllText(folder.File("manifest.json")))!;
        edit(json);
        File.WriteAllText(folder.File("manifest.json"), json.ToJsonString());
        return folder;
    }

    [Fact]
    public void Layers_that_disagree_with_the_listed_onnx_state_shape_are_refused_at_load()
    {
        using var folder = CopyWithManifest(m => m["dimensions"]!["layers"] = 3);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(folder.Path));

        Assert.StartsWith(folder.File("manifest.json") + ": onnx entry 'state: float [2, B, 256]'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Layers_that_disagree_with_the_graph_are_refused_when_the_backbone_opens()
    {
        // Both the dimension and its listed shapes edited, so only the graph itself can tell.
        using var folder = CopyWithManifest(m =>
        {
            m["dimensions"]!["layers"] = 3;
            m["onnx"]!["inputs"]![1] = "state: float [3, B, 256]";
            m["onnx"]!["outputs"]![1] = "state_out: float [3, B, 256]";
        });
        var model = ModelFolder.Load(folder.Path);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.OpenBackbone(model));

        Assert.Equal($"{folder.File("manifest.json")}: dimensions.layers is 3 but {model.BackbonePath} has 2; the manifest does not describe this backbone", ex.Message);
    }

    [Fact]
    public void A_hidden_size_that_disagrees_with_the_graph_is_refused()
    {
        using var folder = CopyWithManifest(m => m["dimensions"]!["hidden_size"] = 128);
        var model = new LoadedModel(
            ModelFolder.Load(Path.Combine(TestPaths.RepositoryRoot(), "models", "default")).Manifest is var real
                ? real with { Dimensions = real.Dimensions with { HiddenSize = 128 } }
                : null!,
            folder.Path, folder.File("backbone.onnx"), new EdgeMeta.EdgeRuntime.Adaptation.AdapterParameters(1, 1), new(), "x");

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.CheckBackbone(model, graphLayers: 2, graphHiddenSize: 256));

        Assert.Contains("dimensions.hidden_size is 128", ex.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => ModelFolder.Load(folder.Path));
    }

    [Fact]
    public void The_shipped_model_opens_with_matching_dimensions()
    {
        var model = ModelFolder.Load(Path.Combine(TestPaths.RepositoryRoot(), "models", "default"));
        using var backbone = ModelFolder.OpenBackbone(model);
        Assert.Equal((model.Manifest.Dimensions.Layers, model.Manifest.Dimensions.HiddenSize), (backbone.Layers, backbone.FeatureSize));
    }

    [Theory]
    [InlineData("onnx", "inputs")]
    [InlineData("training", "families")]
    public void A_null_inside_a_list_is_refused_naming_the_field(string section, string field)
    {
        using var folder = CopyWithManifest(m => ((JsonArray)m[section]![field]!).Add(null));

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(folder.Path));

        Assert.Equal($"{folder.File("manifest.json")}: {section}.{field} holds a null entry", ex.Message);
    }

    [Fact]
    public void A_null_file_entry_is_refused_naming_the_field()
    {
        using var folder = CopyWithManifest(m => m["files"]!["backbone.onnx"] = null);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(folder.Path));

        Assert.EndsWith("files holds a null entry", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_the_manifest_is_refused_as_bad_data()
    {
        var json = File.ReadAllText(Path.Combine(TestPaths.RepositoryRoot(), "models", "default", "manifest.json"))
            .Replace("\"name\": \"default\"", "\"name\": \"\\uDDDD\"", StringComparison.Ordinal);

        var ex = Assert.Throws<InvalidDataException>(() => ModelManifest.Parse(json, "manifest.json"));

        // JsonSerializer reports it as JsonException (unlike JsonDocument's GetString, see SafeTensorsFile).
        Assert.StartsWith("manifest.json: not a valid manifest", ex.Message, StringComparison.Ordinal);
    }
}
