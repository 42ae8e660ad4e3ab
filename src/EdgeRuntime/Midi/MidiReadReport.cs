namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// What a read skipped: the counts a lenient reader keeps instead of throwing, plus the first few
/// problems in words. A strict read of a good file has all counts zero except possibly
/// <see cref="UnknownChunksSkipped"/> and <see cref="TrailingBytesIgnored"/>, which are never errors.
/// </summary>
public sealed class MidiReadReport
{
    /// <summary>How many problem descriptions <see cref="Problems"/> keeps.</summary>
    public const int MaxProblemsKept = 20;

    private readonly List<string> _problems = [];

    /// <summary>Chunks with an id other than MThd/MTrk, skipped as the SMF specification asks.</summary>
    public int UnknownChunksSkipped { get; internal set; }

    /// <summary>Bytes after the last complete chunk that were too few to form a chunk header.</summary>
    public int TrailingBytesIgnored { get; internal set; }

    /// <summary>Track chunks whose rest was dropped because of undecodable bytes.</summary>
    public int CorruptTracks { get; internal set; }

    /// <summary>Chunks that declared more bytes than the file had.</summary>
    public int TruncatedChunks { get; internal set; }

    /// <summary>Track chunks without End of Track.</summary>
    public int MissingEndOfTrack { get; internal set; }

    /// <summary>1 when the track count differed from the header's, else 0.</summary>
    public int TrackCountMismatches { get; internal set; }

    /// <summary>Known meta events with a bad length or value, kept raw.</summary>
    public int InvalidMetaEvents { get; internal set; }

    /// <summary>Channel, meta and SysEx events read over all tracks (checked against <see cref="MidiReadSettings.MaxEvents"/>).</summary>
    public int EventsRead { get; internal set; }

    /// <summary>Note On events with velocity above 0 read over all tracks (checked against <see cref="MidiReadSettings.MaxNotes"/>).</summary>
    public int NotesRead { get; internal set; }

    /// <summary>Bytes of track data dropped (rest of corrupt tracks, bytes after End of Track).</summary>
    public long BytesDropped { get; internal set; }

    /// <summary>The first <see cref="MaxProblemsKept"/> skipped problems, each "offset N: problem".</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>True when nothing was dropped or repaired.</summary>
    public bool IsClean => CorruptTracks == 0 && TruncatedChunks == 0 && MissingEndOfTrack == 0
        && TrackCountMismatches == 0 && InvalidMetaEvents == 0 && BytesDropped == 0;

    internal void Add(long offset, string problem)
    {
        if (_problems.Count < MaxProblemsKept)
        {
            _problems.Add($"offset {offset}: {problem}");
        }
    }
}
