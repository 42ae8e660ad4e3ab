namespace EdgeMeta.Firmware.Config;

/// <summary>A quadrature rotary encoder with a push switch (the common EC11 type), common pin to ground.</summary>
public sealed record KnobConfig
{
    /// <summary>False for a box built without a knob.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>Encoder pin A (CLK).</summary>
    public int PinA { get; init; } = 5;

    /// <summary>Encoder pin B (DT).</summary>
    public int PinB { get; init; } = 6;

    /// <summary>The knob's push switch (SW).</summary>
    public int PushPin { get; init; } = 26;

    /// <summary>Pulses per full turn (20 for an EC11 with 20 detents).</summary>
    public int PulsesPerTurn { get; init; } = 20;
}
