using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>The model folder changes after it was verified (issue 14, item 6): the changed file is never run.</summary>
[Trait("Category", "FaultInjection")]
public sealed class ModelFolderChangeTests
{
    private static ScratchFolder CopyOfDefault()
    {
        var folder = new ScratchFolder();
        foreach (var file in Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot(), "models", "default")))
        {
            File.Copy(file, folder.File(Path.GetFileName(file)));
        }

        return folder;
    }

    [Fact]
    public void A_backbone_replaced_after_loading_is_refused_when_it_is_opened()
    {
        using var folder = CopyOfDefault();
        var model = ModelFolder.Load(folder.Path);
        var bytes = File.ReadAllBytes(model.BackbonePath);
        bytes[^10] ^= 0x01; // same length: only the hash can tell
        File.WriteAllBytes(model.BackbonePath, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.OpenBackbone(model));

        Assert.StartsWith($"{model.BackbonePath}: sha256 mismatch", ex.Message, StringComparison.Ordinal);
        Assert.EndsWith("changed since the model folder was loaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_backbone_truncated_after_loading_is_refused_by_size()
    {
        using var folder = CopyOfDefault();
        var model = ModelFolder.Load(folder.Path);
        var bytes = File.ReadAllBytes(model.BackbonePath);
        File.WriteAllBytes(model.BackbonePath, bytes[..^100]);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.OpenBackbone(model));

        Assert.Contains("truncated; it changed since the model folder was loaded", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_adapter_changed_on_disk_is_refused_at_the_next_load_and_the_loaded_one_is_unaffected()
    {
        using var folder = CopyOfDefault();
        var model = ModelFolder.Load(folder.Path);
        var first = model.InitialAdapter.HeadWeight[0];
        var path = folder.File(ModelFolder.AdapterFileName);
        var bytes = File.ReadAllBytes(path);
        bytes[^4] ^= 0x40;
        File.WriteAllBytes(path, bytes);

        var ex = Assert.Throws<InvalidDataException>(() => ModelFolder.Load(folder.Path));

        Assert.StartsWith($"{path}: sha256 mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Equal(first, model.InitialAdapter.HeadWeight[0]);
    }
}
