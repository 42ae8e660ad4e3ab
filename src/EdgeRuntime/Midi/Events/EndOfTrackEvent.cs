namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>End of Track meta event (FF 2F 00): the track's length in ticks. Always the last event of a track.</summary>
/// <param name="Tick">Absolute time in ticks.</param>
public sealed record EndOfTrackEvent(long Tick) : MidiEvent(Tick);
