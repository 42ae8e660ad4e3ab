using EdgeMeta.Firmware.Devices.Leds;

namespace EdgeMeta.Firmware.Box;

/// <summary>Everything the display and the LEDs show at one moment, built by <see cref="BoxController"/> each tick.</summary>
public sealed record BoxView
{
    public BoxState State { get; init; }
    public BoxScreen Screen { get; init; }
    public string Profile { get; init; } = "";
    public int PhrasesLearned { get; init; }
    public double LastAdaptationMs { get; init; } = double.NaN;
    public KnobParameter Knob { get; init; }
    public float Temperature { get; init; }
    public double AnswerLength { get; init; }
    /// <summary>Incoming-note activity 0-1 (decays in about half a second).</summary>
    public double Activity { get; init; }
    /// <summary>What is wrong, in display words, while in <see cref="BoxState.Fault"/>.</summary>
    public string? Fault { get; init; }
    /// <summary>Seconds until the next retry while in <see cref="BoxState.Fault"/>.</summary>
    public int RetryInSeconds { get; init; }
    /// <summary>The state the box returns to when the fault clears.</summary>
    public BoxState ResumeState { get; init; }
    /// <summary>A short message shown for a few seconds ("PROFILE CLEARED").</summary>
    public string? Notice { get; init; }
    public IReadOnlyList<string> Profiles { get; init; } = [];
    public int MenuIndex { get; init; }
    public LedPattern ReadyLed { get; init; }
    public LedPattern PlayLed { get; init; }
    public LedPattern ErrorLed { get; init; }
}
