using System.Device.Gpio;
using EdgeMeta.Firmware.Devices.Buttons;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Devices;

/// <summary>The button on a fake GPIO driver, sampled at made-up times: contact bounce, press, hold.</summary>
public sealed class GpioButtonTests
{
    private static (FakeGpioDriver Driver, GpioButton Button, List<string> Seen) Make()
    {
        var driver = new FakeGpioDriver();
        var button = new GpioButton(27, new GpioController(driver), shouldDispose: true, pollEvery: Timeout.InfiniteTimeSpan);
        var seen = new List<string>();
        button.Pressed += () => seen.Add("press");
        button.Held += () => seen.Add("hold");
        return (driver, button, seen);
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    [Fact]
    public void The_pin_is_an_input_with_the_pull_up()
    {
        var (driver, button, _) = Make();
        using (button)
        {
            Assert.Equal(PinMode.InputPullUp, driver.Mode(27));
        }
    }

    [Fact]
    public void A_bouncing_press_to_ground_counts_once()
    {
        var (driver, button, seen) = Make();
        using (button)
        {
            // Bounce for 6 ms, down for 150 ms, bounce again on release.
            double t = 0;
            foreach (var level in new[] { 0, 1, 0, 1, 0, 0 })
            {
                driver.SetInput(27, level == 0 ? PinValue.Low : PinValue.High);
                button.Poll(Ms(t += 1));
            }

            for (; t < 150; t += 5)
            {
                button.Poll(Ms(t));
            }

            Assert.True(button.IsPressed);
            foreach (var level in new[] { 1, 0, 1, 1 })
            {
                driver.SetInput(27, level == 0 ? PinValue.Low : PinValue.High);
                button.Poll(Ms(t += 1));
            }

            for (var end = t + 40; t < end; t += 5)
            {
                button.Poll(Ms(t));
            }

            Assert.Equal(["press"], seen);
            Assert.False(button.IsPressed);
        }
    }

    [Fact]
    public void Holding_for_the_hold_time_is_a_hold_and_its_release_is_nothing()
    {
        var (driver, button, seen) = Make();
        using (button)
        {
            driver.SetInput(27, PinValue.Low);
            for (double t = 0; t <= 1100; t += 5)
            {
                button.Poll(Ms(t));
            }

            driver.SetInput(27, PinValue.High);
            for (double t = 1105; t <= 1200; t += 5)
            {
                button.Poll(Ms(t));
            }

            Assert.Equal(["hold"], seen);
        }
    }
}
