using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// MIDI echo protection: a synth or keyboard with local echo sends the box's own notes back, and the box would answer
/// itself. The output thread notes what it sent (<see cref="Sent"/>); an incoming note-on or note-off of a pitch the
/// box sent within the window is taken for its echo and ignored. Lock-free: one writer (the output thread), one
/// reader (the control thread), a tick per pitch.
/// </summary>
public sealed class EchoFilter
{
    private readonly long[] _lastSent = new long[128];
    private readonly long _windowTicks;
    private long _ignored;

    /// <summary>Ignores echoes arriving within <paramref name="windowSeconds"/> of the box's own note.</summary>
    public EchoFilter(double windowSeconds, long ticksPerSecond)
    {
        if (!(windowSeconds > 0) || windowSeconds > 5)
        {
            throw new ArgumentOutOfRangeException(nameof(windowSeconds), windowSeconds, "The echo window must be more than 0 and at most 5 seconds.");
        }

        _windowTicks = (long)(windowSeconds * ticksPerSecond);
        Array.Fill(_lastSent, long.MinValue / 2);
    }

    /// <summary>Echoes ignored so far.</summary>
    public long Ignored => Interlocked.Read(ref _ignored);

    /// <summary>The output sent <paramref name="message"/> at <paramref name="ticks"/> (output thread).</summary>
    public void Sent(MidiMessage message, long ticks)
    {
        if (message.IsNoteOn || message.IsNoteOff)
        {
            Volatile.Write(ref _lastSent[message.Data1], ticks);
        }
    }

    /// <summary>True when <paramref name="message"/> is an echo of a note the box sent within the window (control thread).</summary>
    public bool IsEcho(in MidiMessage message)
    {
        if (!(message.IsNoteOn || message.IsNoteOff))
        {
            return false;
        }

        var age = message.Timestamp - Volatile.Read(ref _lastSent[message.Data1]);
        if (age < 0 || age > _windowTicks)
        {
            return false;
        }

        Interlocked.Increment(ref _ignored);
        return true;
    }
}
