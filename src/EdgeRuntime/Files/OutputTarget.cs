namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>
/// Checks where a command will write before it does any work, so a session is never played or adapted
/// only to fail (or to destroy something) at the end. An output file must be a regular file or not exist
/// yet, must not be one of the command's inputs (compared by inode, so links and "./x" are caught), and its
/// folder must take a new file. A device node, FIFO or socket is refused: writing replaces it (the
/// temporary file is renamed over it), and a MIDI port is opened as a port, never as an output file.
/// </summary>
public static class OutputTarget
{
    /// <summary>
    /// Checks that <paramref name="path"/> can be written as a new or replaced regular file.
    /// Existing <paramref name="inputs"/> are compared with it; missing ones are ignored.
    /// </summary>
    /// <exception cref="IOException">The path is a folder, device, FIFO or socket; is an input; or its folder cannot take a file. The message names the path.</exception>
    public static void Check(string path, params string[] inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inputs);
        var status = FileStatus.Of(path);
        if (status.Kind is not (FileKind.Missing or FileKind.RegularFile))
        {
            throw new IOException($"{path}: is {FileStatus.Describe(status.Kind)}, not a regular file; refusing to write over it");
        }

        CheckNotAnInput(path, status, inputs);
        var full = Path.GetFullPath(AtomicFile.ResolveTarget(path));
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"{path}: has no parent folder");
        CheckFolderTakesFiles(path, folder);
    }

    /// <summary>
    /// Checks that <paramref name="path"/> is a folder (or can be created as one) where new files can be
    /// written, e.g. <c>play --record DIR</c>. Existing <paramref name="inputs"/> must not be the folder.
    /// </summary>
    /// <exception cref="IOException">The path is a file, device, FIFO or socket, or the folder cannot take a file. The message names the path.</exception>
    public static void CheckFolder(string path, params string[] inputs)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(inputs);
        var status = FileStatus.Of(path);
        if (status.Kind is not (FileKind.Missing or FileKind.Directory))
        {
            throw new IOException($"{path}: is {FileStatus.Describe(status.Kind)}, not a folder to write into");
        }

        CheckNotAnInput(path, status, inputs);
        var full = Path.GetFullPath(path);
        if (status.Kind == FileKind.Missing)
        {
            // The nearest existing ancestor must be a folder that takes the new one.
            var ancestor = Path.GetDirectoryName(full);
            while (ancestor is not null && FileStatus.Of(ancestor).Kind == FileKind.Missing)
            {
                ancestor = Path.GetDirectoryName(ancestor);
            }

            if (ancestor is null || FileStatus.Of(ancestor).Kind != FileKind.Directory)
            {
                throw new IOException($"{path}: cannot be created ({ancestor ?? "no parent"} is not a folder)");
            }

            CheckFolderTakesFiles(path, ancestor);
            return;
        }

        CheckFolderTakesFiles(path, full);
    }

    private static void CheckNotAnInput(string path, FileStatus status, string[] inputs)
    {
        var full = Path.GetFullPath(path);
        foreach (var input in inputs)
        {
            if (string.IsNullOrEmpty(input))
            {
                continue;
            }

            var same = status.Kind == FileKind.Missing
                ? string.Equals(full, Path.GetFullPath(input), StringComparison.Ordinal)
                : status.IsSameFileAs(FileStatus.Of(input));
            if (same)
            {
                throw new IOException($"{path}: is the input {input}; choose another output so the input is not overwritten");
            }
        }
    }

    // The honest test of "writable" is to create a file there: permission bits say nothing to root, and a
    // read-only mount or a full inode table shows only on a real create.
    private static void CheckFolderTakesFiles(string path, string folder)
    {
        var kind = FileStatus.Of(folder).Kind;
        if (kind == FileKind.Missing)
        {
            // AtomicFile creates missing folders; check the nearest one that exists.
            var parent = Path.GetDirectoryName(folder);
            if (parent is null)
            {
                throw new IOException($"{path}: folder {folder} does not exist");
            }

            CheckFolderTakesFiles(path, parent);
            return;
        }

        if (kind != FileKind.Directory)
        {
            throw new IOException($"{path}: {folder} is {FileStatus.Describe(kind)}, not a folder");
        }

        var probe = Path.Combine(folder, $".edgemeta-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"{path}: folder {folder} is not writable ({ex.Message})", ex);
        }
    }
}
