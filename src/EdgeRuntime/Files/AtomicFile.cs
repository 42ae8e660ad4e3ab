namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>
/// Writes a file so that a reader sees either the old content or the new, never a half-written file:
/// write a temporary file beside the target, flush it to the disk (fsync), then rename it over the
/// target. A power cut on a Pi in the middle of saving a profile must not lose the profile.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes <paramref name="bytes"/> to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The folder is not writable or the disk is full (message names the file).</exception>
    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = Path.GetFullPath(path);
        var folder = Path.GetDirectoryName(full) ?? throw new IOException($"{path}: has no parent folder");
        Directory.CreateDirectory(folder);
        // Same folder, so the rename never crosses file systems (which would make it a copy).
        var temp = Path.Combine(folder, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            File.Move(temp, full, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new IOException($"{path}: cannot write ({ex.Message})", ex);
        }
    }

    /// <summary>Writes UTF-8 text (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    /// <exception cref="IOException">The folder is not writable or the disk is full (message names the file).</exception>
    public static void WriteAllText(string path, string text) =>
        WriteAllBytes(path, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text));

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
