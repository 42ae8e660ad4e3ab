namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>
/// A meta event the project has no typed record for (text, copyright, lyrics, markers, sequencer
/// specific...), kept raw so that a read-write round trip does not lose it.
/// </summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="MetaType">The type byte after FF (0x00-0x7F).</param>
/// <param name="Data">The bytes after the length.</param>
public sealed record MetaEvent(long Tick, int MetaType, byte[] Data) : MidiEvent(Tick)
{
    public const int TrackNameType = 0x03;
    public const int EndOfTrackType = 0x2F;
    public const int TempoType = 0x51;
    public const int TimeSignatureType = 0x58;
    public const int KeySignatureType = 0x59;
}
