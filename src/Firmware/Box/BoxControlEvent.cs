namespace EdgeMeta.Firmware.Box;

/// <summary>One gesture: what, and for <see cref="BoxControl.KnobTurn"/> how far (+ clockwise) and whether the knob was pushed.</summary>
public readonly record struct BoxControlEvent(BoxControl Control, int Steps = 0, bool Pushed = false);
