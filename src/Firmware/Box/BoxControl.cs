namespace EdgeMeta.Firmware.Box;

/// <summary>A gesture on the box's controls, from the GPIO drivers or the simulator's keys.</summary>
public enum BoxControl
{
    LearnPress,
    PlayPress,
    /// <summary>Play held for the hold time: panic.</summary>
    PlayHold,
    ClearPress,
    /// <summary>Clear held: ask to confirm clearing the profile.</summary>
    ClearHold,
    /// <summary>Knob pushed and released without turning: the profile menu (or select in it).</summary>
    KnobPress,
    /// <summary>Knob turned by <see cref="BoxControlEvent.Steps"/>; <see cref="BoxControlEvent.Pushed"/> when held down meanwhile.</summary>
    KnobTurn,
}
