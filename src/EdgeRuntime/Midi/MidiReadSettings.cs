namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// How <see cref="MidiFile"/> reads malformed input, one policy per kind of problem (after DryWetMidi's
/// ReadingSettings). The defaults are strict, for training and tests; <see cref="Lenient"/> is for a
/// device that would rather play most of a damaged file and count what it dropped. Problems that leave
/// nothing to read (no MThd header, bad format or division) and the bounds (<see cref="MaxFileBytes"/>,
/// <see cref="MaxEvents"/>, <see cref="MaxNotes"/>) always abort.
/// </summary>
public sealed record MidiReadSettings
{
    /// <summary>Strict reading: every problem throws.</summary>
    public static MidiReadSettings Strict { get; } = new();

    /// <summary>Lenient reading: every recoverable problem is skipped and counted.</summary>
    public static MidiReadSettings Lenient { get; } = new()
    {
        CorruptTrack = MidiErrorPolicy.Skip,
        TruncatedChunk = MidiErrorPolicy.Skip,
        MissingEndOfTrack = MidiErrorPolicy.Skip,
        TrackCountMismatch = MidiErrorPolicy.Skip,
        InvalidMetaEvent = MidiErrorPolicy.Skip,
    };

    /// <summary>
    /// Undecodable bytes inside a track: a variable-length quantity over 4 bytes, a data byte with no
    /// running status, a status byte SMF does not allow (F1-F6, F8-FE), a data byte above 127, an event
    /// running past its chunk. Skip drops the rest of that track chunk and carries on with the next chunk
    /// (the chunk length says where it starts).
    /// </summary>
    public MidiErrorPolicy CorruptTrack { get; init; } = MidiErrorPolicy.Abort;

    /// <summary>A chunk declares more bytes than the file has left. Skip reads the bytes that are there.</summary>
    public MidiErrorPolicy TruncatedChunk { get; init; } = MidiErrorPolicy.Abort;

    /// <summary>A track chunk ends without an End of Track event. Skip ends the track at its last event.</summary>
    public MidiErrorPolicy MissingEndOfTrack { get; init; } = MidiErrorPolicy.Abort;

    /// <summary>The number of track chunks differs from the header's count. Skip keeps the tracks found.</summary>
    public MidiErrorPolicy TrackCountMismatch { get; init; } = MidiErrorPolicy.Abort;

    /// <summary>
    /// A tempo, time-signature, key-signature or end-of-track meta event has the wrong length or an
    /// impossible value (tempo 0). Skip keeps it as a raw <see cref="Events.MetaEvent"/>.
    /// </summary>
    public MidiErrorPolicy InvalidMetaEvent { get; init; } = MidiErrorPolicy.Abort;

    /// <summary>
    /// Largest file accepted, in bytes (default 16 MiB; the largest real-world MIDI files are a few MB, the
    /// corpora's largest 34 KB). Bounds memory no matter what a header claims: reading stops one byte past it.
    /// </summary>
    public int MaxFileBytes { get; init; } = 16 * 1024 * 1024;

    /// <summary>
    /// Most events (channel, meta and SysEx, over all tracks) read from one file, default 1,000,000 (about 56 MB
    /// of events; a dense hour of piano is about 400,000). A file with more is refused at the bound, whatever
    /// policy is set, so a file of tiny running-status events cannot fill the memory of the device.
    /// </summary>
    public int MaxEvents { get; init; } = 1_000_000;

    /// <summary>
    /// Most notes (Note On with velocity above 0, over all tracks) in one file, default 200,000 (an hour at
    /// 55 notes/s). Refused at the bound, whatever policy is set.
    /// </summary>
    public int MaxNotes { get; init; } = 200_000;
}
