using EdgeMeta.EdgeRuntime.Files;

namespace EdgeMeta.EdgeRuntime.Tests.Files;

public class AtomicFileTests
{
    [Fact]
    public void Replacing_a_file_leaves_the_new_content_and_no_temp_files()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("profile.safetensors");
        AtomicFile.WriteAllBytes(path, [1, 2, 3]);
        AtomicFile.WriteAllBytes(path, [9, 8]);

        Assert.Equal([9, 8], File.ReadAllBytes(path));
        Assert.Equal(["profile.safetensors"], Directory.GetFiles(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Missing_parent_folders_are_created()
    {
        using var folder = new ScratchFolder();
        var path = Path.Combine(folder.Path, "models", "tiny", "manifest.json");
        AtomicFile.WriteAllText(path, "{}");
        Assert.Equal("{}", File.ReadAllText(path));
    }
}
