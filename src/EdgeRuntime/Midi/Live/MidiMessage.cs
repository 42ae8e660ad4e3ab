namespace EdgeMeta.EdgeRuntime.Midi.Live;

/// <summary>
/// One live MIDI message with the monotonic time it arrived (or is due). A small value type so the
/// playing path passes messages around without allocating. SysEx payloads are not carried here: the
/// parser exposes the bytes of the SysEx it just completed (see <see cref="MidiStreamParser.LastSysEx"/>).
/// </summary>
/// <param name="Status">Status byte (0x80-0xFF). Note On with velocity 0 arrives as Note Off (0x8n).</param>
/// <param name="Data1">First data byte, or 0.</param>
/// <param name="Data2">Second data byte, or 0. For SysEx: 1 when the payload was cut at the size cap.</param>
/// <param name="Timestamp">Monotonic time in <see cref="System.Diagnostics.Stopwatch"/> ticks (or a fake clock's ticks).</param>
/// <param name="Length">For SysEx: payload length in bytes as received (including any bytes dropped at the cap).</param>
public readonly record struct MidiMessage(byte Status, byte Data1, byte Data2, long Timestamp = 0, int Length = 0)
{
    public const byte NoteOffStatus = 0x80;
    public const byte NoteOnStatus = 0x90;
    public const byte ControlChangeStatus = 0xB0;
    public const byte SysExStatus = 0xF0;
    public const byte ClockStatus = 0xF8;
    public const byte StartStatus = 0xFA;
    public const byte ContinueStatus = 0xFB;
    public const byte StopStatus = 0xFC;
    /// <summary>CC 64, the sustain pedal.</summary>
    public const byte SustainController = 64;
    /// <summary>CC 123, All Notes Off.</summary>
    public const byte AllNotesOffController = 123;

    /// <summary>True for channel voice messages (0x80-0xEF).</summary>
    public bool IsChannelMessage => Status is >= 0x80 and < 0xF0;
    /// <summary>True for real-time messages (0xF8-0xFF), which may arrive in the middle of others.</summary>
    public bool IsRealTime => Status >= 0xF8;
    /// <summary>Status with the channel removed for channel messages (0x80, 0x90, ...); the status itself otherwise.</summary>
    public byte Command => IsChannelMessage ? (byte)(Status & 0xF0) : Status;
    /// <summary>Channel 0-15 of a channel message.</summary>
    public int Channel => Status & 0x0F;
    public bool IsNoteOn => Command == NoteOnStatus && Data2 > 0;
    public bool IsNoteOff => Command == NoteOffStatus || (Command == NoteOnStatus && Data2 == 0);
    public bool IsControlChange => Command == ControlChangeStatus;
    public bool IsSysEx => Status == SysExStatus;
    /// <summary>True when a SysEx payload was cut at the parser's size cap.</summary>
    public bool IsTruncated => IsSysEx && Data2 != 0;

    public static MidiMessage NoteOn(int channel, int pitch, int velocity, long timestamp = 0) =>
        new((byte)(NoteOnStatus | (channel & 0x0F)), (byte)(pitch & 0x7F), (byte)(velocity & 0x7F), timestamp);

    public static MidiMessage NoteOff(int channel, int pitch, int velocity = 0, long timestamp = 0) =>
        new((byte)(NoteOffStatus | (channel & 0x0F)), (byte)(pitch & 0x7F), (byte)(velocity & 0x7F), timestamp);

    public static MidiMessage ControlChange(int channel, int controller, int value, long timestamp = 0) =>
        new((byte)(ControlChangeStatus | (channel & 0x0F)), (byte)(controller & 0x7F), (byte)(value & 0x7F), timestamp);

    /// <summary>A one-byte system real-time message (clock, start, stop, ...).</summary>
    public static MidiMessage RealTime(byte status, long timestamp = 0) => new(status, 0, 0, timestamp);

    /// <summary>Number of data bytes that follow a status byte, or -1 for SysEx and undefined statuses.</summary>
    public static int DataLength(byte status) => status switch
    {
        < 0x80 => -1,
        < 0xC0 => 2,
        < 0xE0 => 1,
        < 0xF0 => 2,
        0xF1 or 0xF3 => 1,
        0xF2 => 2,
        0xF6 => 0,
        >= 0xF8 and not 0xF9 and not 0xFD => 0,
        _ => -1,
    };

    /// <summary>
    /// Writes the message's bytes (status + data, no running status) into <paramref name="destination"/>
    /// and returns how many were written. SysEx cannot be written from a message (its payload lives elsewhere).
    /// </summary>
    /// <exception cref="InvalidOperationException">The message is SysEx or has an undefined status.</exception>
    /// <exception cref="ArgumentException">The destination is shorter than the message.</exception>
    public int CopyTo(Span<byte> destination)
    {
        var dataLength = DataLength(Status);
        if (dataLength < 0)
        {
            throw new InvalidOperationException($"MIDI status 0x{Status:X2} cannot be written as a short message.");
        }

        if (destination.Length < dataLength + 1)
        {
            throw new ArgumentException($"Need {dataLength + 1} bytes for MIDI status 0x{Status:X2}, got {destination.Length}.", nameof(destination));
        }

        destination[0] = Status;
        if (dataLength > 0)
        {
            destination[1] = (byte)(Data1 & 0x7F);
        }

        if (dataLength > 1)
        {
            destination[2] = (byte)(Data2 & 0x7F);
        }

        return dataLength + 1;
    }
}
