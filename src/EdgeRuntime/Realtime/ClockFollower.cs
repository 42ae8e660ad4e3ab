namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Estimates tempo from incoming MIDI clock (24 pulses per quarter note), smoothed over the last beat, and
/// forgets it when the clock stops (no pulse for half a second).
/// </summary>
public sealed class ClockFollower(long ticksPerSecond)
{
    private const int PulsesPerQuarter = 24;
    private readonly long[] _pulses = new long[PulsesPerQuarter + 1];
    private int _count;
    private int _next;

    /// <summary>Current tempo in BPM, or null when no clock is running.</summary>
    public double? Bpm { get; private set; }

    /// <summary>Records one clock pulse (0xF8) at <paramref name="ticks"/>.</summary>
    public void Pulse(long ticks)
    {
        _pulses[_next] = ticks;
        _next = (_next + 1) % _pulses.Length;
        _count = Math.Min(_count + 1, _pulses.Length);
        if (_count >= 2)
        {
            var oldest = _pulses[(_next - _count + _pulses.Length) % _pulses.Length];
            var secondsPerPulse = (double)(ticks - oldest) / (_count - 1) / ticksPerSecond;
            Bpm = secondsPerPulse > 0 ? 60.0 / (secondsPerPulse * PulsesPerQuarter) : null;
        }
    }

    /// <summary>Drops the tempo when the last pulse is older than half a second.</summary>
    public void Check(long now)
    {
        if (_count > 0 && now - _pulses[(_next - 1 + _pulses.Length) % _pulses.Length] > ticksPerSecond / 2)
        {
            _count = 0;
            Bpm = null;
        }
    }
}
