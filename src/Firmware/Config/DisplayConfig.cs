namespace EdgeMeta.Firmware.Config;

/// <summary>The SSD1306 128×64 OLED on I²C (enable I²C with <c>dtparam=i2c_arm=on</c>).</summary>
public sealed record DisplayConfig
{
    /// <summary>False for a box built without a display.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>I²C bus number (/dev/i2c-1 on the Pi's header pins 3 and 5).</summary>
    public int I2cBus { get; init; } = 1;

    /// <summary>7-bit I²C address: 60 (0x3C, most modules) or 61 (0x3D).</summary>
    public int Address { get; init; } = 0x3C;

    /// <summary>Contrast 0-255.</summary>
    public int Contrast { get; init; } = 0xCF;
}
