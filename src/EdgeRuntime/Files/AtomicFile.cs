using System.Globalization;

namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>
/// Writes a file so that a reader sees either the old content or the new, never a half-written file:
/// write a temporary file beside the target, flush it to the disk (fsync), then rename it over the
/// target. A power cut on a Pi in the middle of saving a profile must not lose the profile.
/// Only a regular file (or nothing) is ever replaced: renaming over /dev/null or a FIFO would turn the
/// device into a file. A symbolic link is followed, so the file it points to is replaced, not the link.
/// </summary>
public static class AtomicFile
{
    private const string TemporarySuffix = ".tmp";

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The target is not a regular file, the folder is not writable or the disk is full (message names the file).</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(ResolveTarget(path));
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"{path}: has no parent folder");
        CheckReplaceable(path, full);
        Directory.CreateDirectory(folder);
        // Same folder, so the rename never crosses file systems (which would make it a copy).
        var temp = Path.Combine(folder, TemporaryName(Path.GetFileName(full)));
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{path}: cannot write ({ex.Message})", ex);
        }

        try
        {
            // Checked again just before the rename: the target may have been swapped while we wrote.
            CheckReplaceable(path, full);
        }
        catch (IOException)
        {
            TryDelete(temp);
            throw;
        }

        try
        {
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{path}: cannot write ({ex.Message})", ex);
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The target is not a regular file, the folder is not writable or the disk is full (message names the file).</exception>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

    /// <summary>
    /// Deletes the temporary files that writers killed mid-write (kill -9, power cut) left in
    /// <paramref name="folder"/>: those of processes that no longer run. Returns how many were removed.
    /// </summary>
    public static int CleanStaleTemporaries(string folder)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var removed = 0;
        foreach (var temp in Directory.EnumerateFiles(folder, "." + "*" + TemporarySuffix))
        {
            if (OwnerProcess(Path.GetFileName(temp)) is { } pid && !ProcessIsRunning(pid))
            {
                TryDelete(temp);
                removed += File.Exists(temp) ? 0 : 1;
            }
        }

        return removed;
    }

    /// <summary>The path a write to <paramref name="path"/> replaces: the final target of a symbolic link, else the path itself.</summary>
    internal static string ResolveTarget(string path)
    {
        try
        {
            var info = new FileInfo(path);
            return info.LinkTarget is null ? path : info.ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? path;
        }
        catch (IOException)
        {
            return path;
        }
    }

    private static void CheckReplaceable(string path, string full)
    {
        var kind = FileStatus.Of(full).Kind;
        if (kind is not (FileKind.Missing or FileKind.RegularFile))
        {
            throw new IOException($"{path}: is {FileStatus.Describe(kind)}, not a regular file; refusing to replace it");
        }
    }

    // ".NAME.PID.GUID.tmp": the process id lets a later start tell a dead writer's leftovers from a live write.
    private static string TemporaryName(string fileName) =>
        string.Create(CultureInfo.InvariantCulture, $".{fileName}.{Environment.ProcessId}.{Guid.NewGuid():N}{TemporarySuffix}");

    private static int? OwnerProcess(string tempName)
    {
        var parts = tempName[..^TemporarySuffix.Length].Split('.');
        return parts.Length >= 4 && parts[^1].Length == 32
            && int.TryParse(parts[^2], NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
    }

    private static bool ProcessIsRunning(int pid) => pid == Environment.ProcessId || Directory.Exists($"/proc/{pid}");

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The original failure is the one worth reporting.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
