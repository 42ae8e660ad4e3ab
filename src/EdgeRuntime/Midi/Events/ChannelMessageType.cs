namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>The seven channel voice messages; the value is the status byte's high nibble.</summary>
public enum ChannelMessageType
{
    NoteOff = 0x80,
    NoteOn = 0x90,
    PolyphonicKeyPressure = 0xA0,
    ControlChange = 0xB0,
    ProgramChange = 0xC0,
    ChannelPressure = 0xD0,
    PitchBend = 0xE0,
}
