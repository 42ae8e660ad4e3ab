using System.Runtime.InteropServices;

namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>
/// The kind and identity (device, inode) of a path, read with statx(2). .NET's file APIs cannot tell a
/// device node or a FIFO from a file, and two paths (a symbolic link, a hard link, "./x" and "x") name the
/// same file exactly when device and inode agree. statx's layout is the same on every architecture,
/// unlike struct stat, so one declaration serves x64 and arm64.
/// </summary>
/// <param name="Kind">What the path is (after following symbolic links).</param>
/// <param name="Device">Device number (major &lt;&lt; 32 | minor) of the file system holding it.</param>
/// <param name="Inode">Inode number within that file system.</param>
public readonly partial record struct FileStatus(FileKind Kind, ulong Device, ulong Inode)
{
    private const int AtFdCwd = -100;
    private const uint StatxType = 0x1;
    private const uint StatxIno = 0x100;
    private const int ENoEnt = 2;
    private const int ENotDir = 20;
    private const int ELoop = 40;

    /// <summary>Whether the path names the same file as <paramref name="other"/> (both must exist).</summary>
    public bool IsSameFileAs(FileStatus other) =>
        Kind != FileKind.Missing && other.Kind != FileKind.Missing && Device == other.Device && Inode == other.Inode;

    /// <summary>Reads the status of <paramref name="path"/>, following symbolic links; <see cref="FileKind.Missing"/> when absent.</summary>
    /// <exception cref="IOException">stat failed for another reason (a permission problem on a parent folder); the message names the path.</exception>
    public static unsafe FileStatus Of(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, 0, StatxType | StatxIno, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno is ENoEnt or ENotDir or ELoop)
            {
                return new FileStatus(FileKind.Missing, 0, 0);
            }

            throw new IOException($"{path}: cannot be examined ({Marshal.PtrToStringUTF8(StrError(errno)) ?? $"errno {errno}"})");
        }

        // struct statx: stx_mode u16 at 28, stx_ino u64 at 32, stx_dev_major/minor u32 at 136/140.
        var mode = *(ushort*)(buffer + 28);
        var inode = *(ulong*)(buffer + 32);
        var device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140);
        return new FileStatus(KindOf(mode), device, inode);
    }

    private static FileKind KindOf(int mode) => (mode & 0xF000) switch
    {
        0x8000 => FileKind.RegularFile,
        0x4000 => FileKind.Directory,
        0x2000 => FileKind.CharacterDevice,
        0x6000 => FileKind.BlockDevice,
        0x1000 => FileKind.Fifo,
        0xC000 => FileKind.Socket,
        _ => FileKind.Missing,
    };

    /// <summary>A musician-readable name of a kind, for messages: "a character device".</summary>
    public static string Describe(FileKind kind) => kind switch
    {
        FileKind.Missing => "missing",
        FileKind.RegularFile => "a regular file",
        FileKind.Directory => "a folder",
        FileKind.CharacterDevice => "a character device",
        FileKind.BlockDevice => "a block device",
        FileKind.Fifo => "a named pipe (FIFO)",
        FileKind.Socket => "a socket",
        _ => kind.ToString(),
    };

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "strerror")]
    private static partial nint StrError(int errno);
}
