namespace EdgeMeta.Firmware.Config;

/// <summary>
/// Three status LEDs, each from a GPIO pin through a resistor to ground. A pin that is a hardware PWM output
/// (GPIO 12/18 = channel 0, 13/19 = channel 1, with <c>dtoverlay=pwm-2chan</c>) is dimmed to <see cref="Brightness"/>;
/// the others are simply on or off.
/// </summary>
public sealed record LedsConfig
{
    /// <summary>Green: power and ready (steady), learning (slow blink).</summary>
    public int ReadyPin { get; init; } = 12;

    /// <summary>Blue: playing (steady while answering, slow blink while listening).</summary>
    public int PlayPin { get; init; } = 13;

    /// <summary>Red: error (blinks three short flashes and a pause).</summary>
    public int ErrorPin { get; init; } = 16;

    /// <summary>Brightness 0.05-1 for the LEDs on PWM pins.</summary>
    public double Brightness { get; init; } = 0.6;

    /// <summary>The PWM chip behind GPIO 12/13/18/19 (/sys/class/pwm/pwmchipN: 0 on a Pi 4; check the folder on a Pi 5); null turns PWM off.</summary>
    public int? PwmChip { get; init; } = 0;
}
