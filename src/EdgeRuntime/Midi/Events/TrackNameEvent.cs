namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>Sequence/Track Name meta event (FF 03 len text); the text is read as Latin-1, as SMF has no encoding.</summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="Name">The name.</param>
public sealed record TrackNameEvent(long Tick, string Name) : MidiEvent(Tick);
