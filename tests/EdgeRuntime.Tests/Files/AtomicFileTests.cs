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

    [Fact]
    public void A_device_node_is_never_replaced_by_a_file()
    {
        using var folder = new ScratchFolder();
        var device = folder.File("x");
        SpecialFiles.CharacterDevice(device);

        var ex = Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(device, [1, 2, 3]));

        Assert.Contains("refusing to replace", ex.Message, StringComparison.Ordinal);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(device).Kind);
        Assert.Equal(["x"], Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void A_fifo_is_never_replaced_by_a_file()
    {
        using var folder = new ScratchFolder();
        var pipe = folder.File("pipe");
        SpecialFiles.NamedPipe(pipe);

        Assert.Throws<IOException>(() => AtomicFile.WriteAllBytes(pipe, [1]));

        Assert.Equal(FileKind.Fifo, FileStatus.Of(pipe).Kind);
    }

    [Fact]
    public void A_symbolic_link_is_followed_and_kept()
    {
        using var folder = new ScratchFolder();
        var real = folder.File("real.mid");
        File.WriteAllBytes(real, [1]);
        var link = folder.File("link.mid");
        File.CreateSymbolicLink(link, real);

        AtomicFile.WriteAllBytes(link, [7, 7]);

        Assert.Equal([7, 7], File.ReadAllBytes(real));
        Assert.NotNull(new FileInfo(link).LinkTarget);
    }

    [Fact]
    public void Temporary_files_of_dead_writers_are_cleaned_and_live_ones_kept()
    {
        using var folder = new ScratchFolder();
        var dead = folder.File($".ana.safetensors.{int.MaxValue - 1}.{Guid.NewGuid():N}.tmp");
        var live = folder.File($".ana.safetensors.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(dead, [1]);
        File.WriteAllBytes(live, [1]);
        File.WriteAllBytes(folder.File("ana.safetensors"), [2]);

        Assert.Equal(1, AtomicFile.CleanStaleTemporaries(folder.Path));

        Assert.False(File.Exists(dead));
        Assert.True(File.Exists(live));
        Assert.True(File.Exists(folder.File("ana.safetensors")));
    }
}
