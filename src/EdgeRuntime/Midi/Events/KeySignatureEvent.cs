namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>Key Signature meta event (FF 59 02 sf mi).</summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="Accidentals">-7 (7 flats) to 7 (7 sharps).</param>
/// <param name="IsMinor">True for a minor key.</param>
public sealed record KeySignatureEvent(long Tick, int Accidentals, bool IsMinor) : MidiEvent(Tick);
