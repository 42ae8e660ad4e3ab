namespace EdgeMeta.Firmware.Config;

/// <summary>The three push buttons, each from a GPIO pin (BCM number) to ground, using the SoC's internal pull-up.</summary>
public sealed record ButtonsConfig
{
    /// <summary>Learn: listen and adapt silently; press again to stop.</summary>
    public int LearnPin { get; init; } = 17;

    /// <summary>Play/Stop: call and response; hold for panic.</summary>
    public int PlayPin { get; init; } = 27;

    /// <summary>Clear: hold to clear the profile (the display asks to confirm).</summary>
    public int ClearPin { get; init; } = 22;

    /// <summary>How long a level must be steady to count, milliseconds (1-200).</summary>
    public double DebounceMs { get; init; } = 20;

    /// <summary>How long a press must last to count as a hold, seconds (0.3-5).</summary>
    public double HoldSeconds { get; init; } = 1.0;
}
