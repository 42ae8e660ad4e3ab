using EdgeMeta.EdgeRuntime.Files;

namespace EdgeMeta.EdgeRuntime.Tests.Files;

public sealed partial class OutputTargetTests
{
    [Fact]
    public void A_new_file_in_a_writable_folder_passes_and_leaves_nothing_behind()
    {
        using var folder = new ScratchFolder();

        OutputTarget.Check(folder.File("response.mid"));

        Assert.Empty(Directory.GetFileSystemEntries(folder.Path));
    }

    [Fact]
    public void An_existing_regular_file_may_be_replaced()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("response.mid"), [1]);

        OutputTarget.Check(folder.File("response.mid"), folder.File("phrases.mid"));
    }

    [Fact]
    public void A_character_device_is_refused_by_name_and_kind()
    {
        using var folder = new ScratchFolder();
        var device = folder.File("x");
        SpecialFiles.CharacterDevice(device);

        var ex = Assert.Throws<IOException>(() => OutputTarget.Check(device));

        Assert.StartsWith(device + ":", ex.Message, StringComparison.Ordinal);
        Assert.Contains("character device", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dev_null_is_refused()
    {
        var ex = Assert.Throws<IOException>(() => OutputTarget.Check("/dev/null"));
        Assert.Contains("character device", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fifo_a_socket_and_a_folder_are_refused()
    {
        using var folder = new ScratchFolder();
        SpecialFiles.NamedPipe(folder.File("pipe"));
        using var socket = SpecialFiles.Socket(folder.File("sock"));
        Directory.CreateDirectory(folder.File("dir"));

        Assert.Contains("FIFO", Assert.Throws<IOException>(() => OutputTarget.Check(folder.File("pipe"))).Message, StringComparison.Ordinal);
        Assert.Contains("socket", Assert.Throws<IOException>(() => OutputTarget.Check(folder.File("sock"))).Message, StringComparison.Ordinal);
        Assert.Contains("folder", Assert.Throws<IOException>(() => OutputTarget.Check(folder.File("dir"))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_input_itself_is_refused_by_path_by_link_and_by_hard_link()
    {
        using var folder = new ScratchFolder();
        var input = folder.File("phrases.mid");
        File.WriteAllBytes(input, [1, 2, 3]);
        File.CreateSymbolicLink(folder.File("link.mid"), input);
        Assert.Equal(0, HardLink(input, folder.File("hard.mid")));

        foreach (var output in new[] { input, Path.Combine(folder.Path, ".", "phrases.mid"), folder.File("link.mid"), folder.File("hard.mid") })
        {
            var ex = Assert.Throws<IOException>(() => OutputTarget.Check(output, input));
            Assert.Contains("is the input", ex.Message, StringComparison.Ordinal);
        }

        Assert.Equal([1, 2, 3], File.ReadAllBytes(input));
    }

    [Fact]
    public void A_folder_that_cannot_take_files_is_refused_naming_it()
    {
        using var folder = new ScratchFolder();
        var blocker = folder.File("not-a-folder");
        File.WriteAllBytes(blocker, [0]);

        var ex = Assert.Throws<IOException>(() => OutputTarget.Check(Path.Combine(blocker, "response.mid")));

        Assert.Contains("not-a-folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_read_only_file_system_is_refused_before_the_work_starts()
    {
        // /proc is mounted read-only for new files on every Linux: creating one fails as on a read-only disk.
        var ex = Assert.Throws<IOException>(() => OutputTarget.Check("/proc/edgemeta-response.mid"));
        Assert.Contains("not writable", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Record_folder_must_be_a_folder_not_a_file()
    {
        using var folder = new ScratchFolder();
        File.WriteAllBytes(folder.File("f"), [0]);

        var ex = Assert.Throws<IOException>(() => OutputTarget.CheckFolder(folder.File("f")));

        Assert.Contains("not a folder", ex.Message, StringComparison.Ordinal);
        OutputTarget.CheckFolder(folder.File("sessions/new"));
        OutputTarget.CheckFolder(folder.Path);
        Assert.False(Directory.Exists(folder.File("sessions")));
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = System.Runtime.InteropServices.StringMarshalling.Utf8)]
    private static partial int HardLink(string existing, string created);
}
