namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>One segment start of a <see cref="TempoMap"/>.</summary>
/// <param name="Tick">Where the tempo takes effect.</param>
/// <param name="Seconds">The same point in seconds.</param>
/// <param name="MicrosecondsPerQuarter">The tempo from here on.</param>
public readonly record struct TempoChange(long Tick, double Seconds, int MicrosecondsPerQuarter)
{
    /// <summary>Quarter notes per minute.</summary>
    public double Bpm => 60_000_000.0 / MicrosecondsPerQuarter;
}
