namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>What the reader does with one kind of malformed input.</summary>
public enum MidiErrorPolicy
{
    /// <summary>Throw <see cref="MidiFormatException"/>.</summary>
    Abort,

    /// <summary>Drop what cannot be read, keep the rest, and count it in <see cref="MidiReadReport"/>.</summary>
    Skip,
}
