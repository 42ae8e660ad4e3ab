namespace EdgeMeta.EdgeRuntime.Midi.Live;

/// <summary>
/// What a live parser saw and threw away. A live device reads leniently and counts instead of failing;
/// the status line and tests read these.
/// </summary>
public sealed class MidiParserCounters
{
    /// <summary>Messages emitted (including real-time and SysEx).</summary>
    public long Messages { get; internal set; }
    /// <summary>Every byte that did not end up in an emitted message: stray data, broken messages, undefined statuses, SysEx beyond the cap.</summary>
    public long DroppedBytes { get; internal set; }
    /// <summary>Data bytes with no status to belong to.</summary>
    public long StrayDataBytes { get; internal set; }
    /// <summary>Messages cut short by a new status byte before their data was complete.</summary>
    public long IncompleteMessages { get; internal set; }
    /// <summary>SysEx payload bytes beyond the size cap.</summary>
    public long SysExBytesDropped { get; internal set; }
    /// <summary>SysEx messages whose payload was cut at the cap.</summary>
    public long SysExTruncated { get; internal set; }

    /// <summary>Resets every counter to zero.</summary>
    public void Reset()
    {
        Messages = 0;
        DroppedBytes = 0;
        StrayDataBytes = 0;
        IncompleteMessages = 0;
        SysExBytesDropped = 0;
        SysExTruncated = 0;
    }
}
