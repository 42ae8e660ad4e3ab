namespace EdgeMeta.Firmware.Box;

/// <summary>What the box is doing, as the performer sees it on the LEDs and the display.</summary>
public enum BoxState
{
    /// <summary>Not listening; the engine is stopped and every note is released.</summary>
    Idle,
    /// <summary>Capturing the performer's phrases.</summary>
    Listening,
    /// <summary>A phrase ended; the adapter is learning from the captured phrases.</summary>
    Adapting,
    /// <summary>The box is answering.</summary>
    Playing,
}
