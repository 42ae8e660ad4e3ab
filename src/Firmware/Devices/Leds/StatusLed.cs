using System.Device.Gpio;
using System.Device.Pwm;

namespace EdgeMeta.Firmware.Devices.Leds;

/// <summary>
/// One LED from a GPIO pin through a resistor to ground. <see cref="Pattern"/> says what to show and
/// <see cref="Update"/> (called by the box loop) writes the pin only when the level changes. On a hardware PWM pin
/// the LED is dimmed through a <see cref="PwmChannel"/>; if the PWM channel cannot be opened it falls back to on/off.
/// </summary>
public sealed class StatusLed : IDisposable
{
    private readonly GpioController _controller;
    private readonly int _pin;
    private readonly PwmChannel? _pwm;
    private readonly double _brightness;
    private bool? _lit;

    /// <param name="pin">BCM pin.</param>
    /// <param name="controller">The box's shared controller (not disposed here).</param>
    /// <param name="pwm">A PWM channel driving the same pin, or null for plain on/off (owned and disposed here).</param>
    /// <param name="brightness">Duty cycle 0-1 when on, used with <paramref name="pwm"/>.</param>
    /// <exception cref="InvalidOperationException">The pin cannot be opened.</exception>
    public StatusLed(int pin, GpioController controller, PwmChannel? pwm = null, double brightness = 1.0)
    {
        ArgumentNullException.ThrowIfNull(controller);
        _controller = controller;
        _pin = pin;
        _pwm = pwm;
        _brightness = Math.Clamp(brightness, 0, 1);
        if (pwm is null)
        {
            try
            {
                controller.OpenPin(pin, PinMode.Output);
                controller.Write(pin, PinValue.Low);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                throw new InvalidOperationException($"GPIO pin {pin}: cannot open the LED pin ({ex.Message}).", ex);
            }
        }
        else
        {
            pwm.DutyCycle = 0;
            pwm.Start();
        }
    }

    /// <summary>What the LED shows.</summary>
    public LedPattern Pattern { get; set; }

    /// <summary>Writes the level for <paramref name="now"/>.</summary>
    public void Update(TimeSpan now)
    {
        var lit = LedTiming.IsLit(Pattern, now);
        if (lit == _lit)
        {
            return;
        }

        _lit = lit;
        if (_pwm is not null)
        {
            _pwm.DutyCycle = lit ? _brightness : 0;
        }
        else
        {
            _controller.Write(_pin, lit ? PinValue.High : PinValue.Low);
        }
    }

    /// <summary>Turns the LED off and releases the pin.</summary>
    public void Dispose()
    {
        if (_pwm is not null)
        {
            _pwm.DutyCycle = 0;
            _pwm.Stop();
            _pwm.Dispose();
        }
        else if (_controller.IsPinOpen(_pin))
        {
            _controller.Write(_pin, PinValue.Low);
            _controller.ClosePin(_pin);
        }
    }
}
