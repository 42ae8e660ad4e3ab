namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>
/// One event of a track chunk at an absolute time in ticks (the sum of the delta times before it).
/// Absolute ticks rather than deltas because every consumer (tempo map, note extraction, merging tracks)
/// wants absolute time; the writer turns them back into deltas.
/// </summary>
/// <param name="Tick">Absolute time in ticks from the start of the track.</param>
public abstract record MidiEvent(long Tick);
