namespace EdgeMeta.Firmware.Devices.Leds;

/// <summary>Whether a pattern is lit at a moment: pure time arithmetic, so every LED (and the simulator) blinks in step.</summary>
public static class LedTiming
{
    /// <summary>True when <paramref name="pattern"/> is lit at <paramref name="now"/> (monotonic time).</summary>
    public static bool IsLit(LedPattern pattern, TimeSpan now)
    {
        var ms = (long)now.TotalMilliseconds;
        return pattern switch
        {
            LedPattern.On => true,
            LedPattern.SlowBlink => ms % 1000 < 500,
            LedPattern.FastBlink => ms % 200 < 100,
            // 0-100 on, 200-300 on, 400-500 on, then dark until 1600.
            LedPattern.ErrorFlashes => ms % 1600 is var t && t < 600 && t % 200 < 100,
            _ => false,
        };
    }
}
