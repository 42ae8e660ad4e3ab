namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// The header's time division: either ticks per quarter note (metrical time, follows the tempo map) or
/// SMPTE frames per second x ticks per frame (absolute time, tempo events do not change it).
/// </summary>
public readonly record struct MidiDivision
{
    private MidiDivision(int ticksPerQuarter, int framesPerSecond, int ticksPerFrame)
    {
        TicksPerQuarter = ticksPerQuarter;
        FramesPerSecond = framesPerSecond;
        TicksPerFrame = ticksPerFrame;
    }

    /// <summary>Ticks per quarter note, or 0 for an SMPTE division.</summary>
    public int TicksPerQuarter { get; }

    /// <summary>SMPTE format 24, 25, 29 (29.97 drop-frame) or 30; 0 for a metrical division.</summary>
    public int FramesPerSecond { get; }

    /// <summary>Ticks per SMPTE frame; 0 for a metrical division.</summary>
    public int TicksPerFrame { get; }

    /// <summary>True for an SMPTE (absolute time) division.</summary>
    public bool IsSmpte => FramesPerSecond != 0;

    /// <summary>Ticks per second of an SMPTE division (29 means 30000/1001 frames per second).</summary>
    public double SmpteTicksPerSecond =>
        (FramesPerSecond == 29 ? 30000.0 / 1001.0 : FramesPerSecond) * TicksPerFrame;

    /// <summary>A metrical division.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="ticksPerQuarter"/> is not 1-32767.</exception>
    public static MidiDivision PerQuarter(int ticksPerQuarter)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerQuarter, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticksPerQuarter, 0x7FFF);
        return new MidiDivision(ticksPerQuarter, 0, 0);
    }

    /// <summary>An SMPTE division.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Frames per second not 24/25/29/30, or ticks per frame not 1-255.</exception>
    public static MidiDivision Smpte(int framesPerSecond, int ticksPerFrame)
    {
        if (framesPerSecond is not (24 or 25 or 29 or 30))
        {
            throw new ArgumentOutOfRangeException(nameof(framesPerSecond), framesPerSecond, "SMPTE frames per second must be 24, 25, 29 or 30");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(ticksPerFrame, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ticksPerFrame, 255);
        return new MidiDivision(0, framesPerSecond, ticksPerFrame);
    }

    /// <summary>Decodes the 16-bit header field; null when it is invalid (0 ticks, unknown SMPTE rate).</summary>
    internal static MidiDivision? FromRaw(int raw)
    {
        if ((raw & 0x8000) == 0)
        {
            return raw == 0 ? null : new MidiDivision(raw, 0, 0);
        }

        // High byte is the negative frame rate in two's complement (-24, -25, -29, -30).
        var fps = -(sbyte)(raw >> 8);
        var ticksPerFrame = raw & 0xFF;
        return fps is 24 or 25 or 29 or 30 && ticksPerFrame > 0 ? new MidiDivision(0, fps, ticksPerFrame) : null;
    }

    /// <summary>The 16-bit header field.</summary>
    internal int ToRaw() => IsSmpte ? ((byte)(sbyte)-FramesPerSecond << 8) | TicksPerFrame : TicksPerQuarter;

    public override string ToString() =>
        IsSmpte ? $"SMPTE {FramesPerSecond} fps x {TicksPerFrame} ticks/frame" : $"{TicksPerQuarter} ticks/quarter";
}
