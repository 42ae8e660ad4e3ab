using System.Device.Gpio;
using EdgeMeta.Firmware.Devices.Leds;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Devices.Leds;

public sealed class StatusLedTests
{
    [Fact]
    public void The_error_pattern_is_three_short_flashes_then_a_pause()
    {
        var lit = Enumerable.Range(0, 16).Select(i => LedTiming.IsLit(LedPattern.ErrorFlashes, TimeSpan.FromMilliseconds((i * 100) + 50))).ToArray();
        Assert.Equal([true, false, true, false, true, false, false, false, false, false, false, false, false, false, false, false], lit);
    }

    [Fact]
    public void The_pin_is_written_only_when_the_level_changes()
    {
        var driver = new FakeGpioDriver();
        using var gpio = new GpioController(driver);
        using (var led = new StatusLed(16, gpio) { Pattern = LedPattern.SlowBlink })
        {
            for (var ms = 0; ms < 2000; ms += 20)
            {
                led.Update(TimeSpan.FromMilliseconds(ms));
            }

            Assert.Equal(PinMode.Output, driver.Mode(16));
        }

        // Open writes Low; then 4 changes in 2 s of a 1 Hz blink; dispose writes Low.
        Assert.Equal([PinValue.Low, PinValue.High, PinValue.Low, PinValue.High, PinValue.Low, PinValue.Low], driver.Writes.Where(w => w.Pin == 16).Select(w => w.Value));
    }
}
