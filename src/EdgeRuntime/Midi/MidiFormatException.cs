namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// A Standard MIDI File is malformed. Carries the facts as properties so callers (the corpus loader's
/// failure summary, tests) need not parse the message. Message: "&lt;file&gt;: offset N: &lt;problem&gt;".
/// </summary>
public sealed class MidiFormatException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file (or stream name), or null when reading an unnamed stream.</param>
    /// <param name="offset">Byte offset from the start of the file where the problem was found.</param>
    /// <param name="problem">What is wrong, in words.</param>
    public MidiFormatException(string? filePath, long offset, string problem)
        : base($"{filePath ?? "<stream>"}: offset {offset}: {problem}")
    {
        FilePath = filePath;
        Offset = offset;
        Problem = problem;
    }

    /// <summary>The file or stream name, if one was given.</summary>
    public string? FilePath { get; }

    /// <summary>Byte offset from the start of the file.</summary>
    public long Offset { get; }

    /// <summary>The problem without file and offset.</summary>
    public string Problem { get; }
}
