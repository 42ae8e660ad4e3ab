namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>What one token did to the music, as <see cref="NoteStreamDecoder"/> reports it.</summary>
public enum DecodedEventKind
{
    /// <summary>Nothing sounding changed (a special token, a NOTE_OFF of a silent pitch, a second onset on the same step).</summary>
    None,

    /// <summary>The clock moved on by <see cref="DecodedEvent.Steps"/> steps.</summary>
    Time,

    /// <summary>The next onsets take a new velocity.</summary>
    Velocity,

    /// <summary>A key goes down: <see cref="DecodedEvent.Pitch"/> at <see cref="DecodedEvent.Velocity"/>.</summary>
    NoteOn,

    /// <summary>A key goes up: the note that began at <see cref="DecodedEvent.OnsetStep"/> ends at <see cref="DecodedEvent.Step"/>.</summary>
    NoteOff,
}

/// <summary>
/// One event of a decoded stream. Steps are 10 ms ticks from the start of the stream. For a
/// <see cref="DecodedEventKind.NoteOff"/>, <see cref="OnsetStep"/> and <see cref="Velocity"/> describe the note it closes.
/// </summary>
public readonly record struct DecodedEvent(DecodedEventKind Kind, int Pitch, int Velocity, int Step, int OnsetStep, int Steps)
{
    public static DecodedEvent Nothing(int step) => new(DecodedEventKind.None, 0, 0, step, 0, 0);
}
