namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>Set Tempo meta event (FF 51 03 tt tt tt): microseconds per quarter note from this tick on.</summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="MicrosecondsPerQuarter">1 to 16,777,215 (500,000 = 120 bpm).</param>
public sealed record TempoEvent(long Tick, int MicrosecondsPerQuarter) : MidiEvent(Tick)
{
    /// <summary>Quarter notes per minute.</summary>
    public double Bpm => 60_000_000.0 / MicrosecondsPerQuarter;
}
