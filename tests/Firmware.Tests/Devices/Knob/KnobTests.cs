using System.Device.Gpio;
using EdgeMeta.Firmware.Devices.Buttons;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Devices.Knob;

/// <summary>
/// The knob on a fake GPIO driver: quadrature edges go into Iot.Device.Bindings' QuadratureRotaryEncoder exactly as
/// the kernel would deliver them, and come out as steps with or without the push.
/// </summary>
public sealed class KnobTests
{
    private const int A = 5;
    private const int B = 6;
    private const int Push = 26;

    // One detent of an EC11: A falls, then B; both rise again. Which one leads is the direction.
    private static void Detent(FakeGpioDriver driver, bool clockwise)
    {
        var (first, second) = clockwise ? (A, B) : (B, A);
        driver.SetInput(first, PinValue.Low);
        driver.SetInput(second, PinValue.Low);
        driver.SetInput(first, PinValue.High);
        driver.SetInput(second, PinValue.High);
    }

    [Fact]
    public void Turning_gives_signed_steps_and_push_and_turn_is_flagged()
    {
        var driver = new FakeGpioDriver();
        using var gpio = new GpioController(driver);
        using var push = new GpioButton(Push, gpio, shouldDispose: false, pollEvery: Timeout.InfiniteTimeSpan);
        using var knob = new Firmware.Devices.Knob.Knob(A, B, Push, 20, gpio, push) { Debounce = TimeSpan.Zero };
        var turns = new List<(int Steps, bool Pushed)>();
        knob.Turned += (steps, pushed) => turns.Add((steps, pushed));

        Detent(driver, clockwise: true);
        Detent(driver, clockwise: true);
        Detent(driver, clockwise: false);
        driver.SetInput(Push, PinValue.Low);
        push.Poll(TimeSpan.FromMilliseconds(0));
        push.Poll(TimeSpan.FromMilliseconds(30));
        Detent(driver, clockwise: true);

        Assert.Equal(PinMode.InputPullUp, driver.Mode(A));
        Assert.Equal(PinMode.InputPullUp, driver.Mode(B));
        Assert.Equal(4, turns.Count);
        var direction = turns[0].Steps;
        Assert.Equal(1, Math.Abs(direction));
        Assert.Equal([(direction, false), (direction, false), (-direction, false), (direction, true)], turns);
    }
}
