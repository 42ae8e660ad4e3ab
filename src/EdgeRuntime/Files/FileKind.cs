namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>What a path is on disk, from the file-type bits of stat(2), following symbolic links.</summary>
public enum FileKind
{
    /// <summary>Nothing at the path (or a dangling symbolic link).</summary>
    Missing,

    /// <summary>An ordinary file: the only kind EdgeMeta ever replaces.</summary>
    RegularFile,

    /// <summary>A folder.</summary>
    Directory,

    /// <summary>A character device such as /dev/null or an ALSA raw MIDI port.</summary>
    CharacterDevice,

    /// <summary>A block device (a disk).</summary>
    BlockDevice,

    /// <summary>A named pipe.</summary>
    Fifo,

    /// <summary>A Unix domain socket.</summary>
    Socket,
}
