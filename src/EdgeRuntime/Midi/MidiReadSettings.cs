namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// How <see cref="MidiFile"/> reads malformed input, one policy per kind of problem (after DryWetMidi's
/// ReadingSettings). The defaults are strict, for training and tests; <see cref="Lenient"/> is for a
/// device that would rather play most of a damaged file and count what it dropped. Problems that leave
/// nothing to read (no MThd header, bad format or division, file over <see cref="MaxFileBytes"/>) always abort.
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
    /// Largest file accepted, in bytes (default 32 MiB; the largest real-world MIDI files are a few MB).
    /// Bounds memory no matter what a header claims.
    /// </summary>
    public int MaxFileBytes { get; init; } = 32 * 1024 * 1024;
}
