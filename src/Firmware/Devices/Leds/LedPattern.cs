namespace EdgeMeta.Firmware.Devices.Leds;

/// <summary>What an LED shows. Patterns are different in rhythm, not only speed, so they read at a glance on stage.</summary>
public enum LedPattern
{
    Off,
    On,
    /// <summary>1 Hz, half on: waiting (listening, learning).</summary>
    SlowBlink,
    /// <summary>5 Hz: busy for a moment (adapting, confirm a clear).</summary>
    FastBlink,
    /// <summary>Three short flashes, then a pause (1.6 s cycle): something is wrong, read the display.</summary>
    ErrorFlashes,
}
