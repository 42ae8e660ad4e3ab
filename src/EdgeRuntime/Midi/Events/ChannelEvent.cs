namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>
/// A channel voice message (note, controller, program, pressure, pitch bend) as stored in the file:
/// a Note On with velocity 0 stays a Note On here; <see cref="IsNoteOff"/> gives the musical meaning.
/// </summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="Type">Which message.</param>
/// <param name="Channel">Channel 0-15.</param>
/// <param name="Data1">First data byte 0-127 (key, controller number, program, pressure, or pitch-bend LSB).</param>
/// <param name="Data2">Second data byte 0-127 (velocity, value, or pitch-bend MSB); 0 for one-byte messages.</param>
public sealed record ChannelEvent(long Tick, ChannelMessageType Type, int Channel, int Data1, int Data2) : MidiEvent(Tick)
{
    /// <summary>True for Note On with velocity above 0: a key goes down.</summary>
    public bool IsNoteOn => Type == ChannelMessageType.NoteOn && Data2 > 0;

    /// <summary>True for Note Off, and for Note On with velocity 0 (the common running-status idiom).</summary>
    public bool IsNoteOff => Type == ChannelMessageType.NoteOff || (Type == ChannelMessageType.NoteOn && Data2 == 0);

    /// <summary>Number of data bytes that follow the status byte for this message type (1 or 2).</summary>
    public static int DataLength(ChannelMessageType type) =>
        type is ChannelMessageType.ProgramChange or ChannelMessageType.ChannelPressure ? 1 : 2;
}
