namespace EdgeMeta.Firmware.Box;

/// <summary>What the box is doing, as the performer sees it on the LEDs and the display.</summary>
public enum BoxState
{
    /// <summary>Not listening; the engine is stopped and every note is released.</summary>
    Idle,
    /// <summary>Learn: capturing the performer's phrases and adapting to them, silently.</summary>
    Learning,
    /// <summary>Play: waiting for the performer's next phrase (the call).</summary>
    Listening,
    /// <summary>Play: a phrase ended; the adapter is learning from the captured phrases.</summary>
    Adapting,
    /// <summary>Play: the box is answering.</summary>
    Playing,
    /// <summary>Something is missing or broken (model, MIDI device); the box retries and resumes by itself.</summary>
    Fault,
}
