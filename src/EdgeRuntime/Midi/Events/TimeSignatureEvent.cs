namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>Time Signature meta event (FF 58 04 nn dd cc bb).</summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="Numerator">Beats per bar, e.g. 6 in 6/8.</param>
/// <param name="Denominator">Beat unit as a note value (4, 8, ...); the file stores its base-2 logarithm.</param>
/// <param name="ClocksPerClick">MIDI clocks per metronome click.</param>
/// <param name="ThirtySecondsPerQuarter">Notated 32nd notes per MIDI quarter note (normally 8).</param>
public sealed record TimeSignatureEvent(long Tick, int Numerator, int Denominator, int ClocksPerClick = 24, int ThirtySecondsPerQuarter = 8)
    : MidiEvent(Tick)
{
    public override string ToString() => $"{Numerator}/{Denominator}";
}
