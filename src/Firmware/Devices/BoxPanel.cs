using System.Device.Gpio;
using System.Device.Gpio.Drivers;
using System.Device.I2c;
using System.Device.Pwm;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Config;
using EdgeMeta.Firmware.Devices.Buttons;
using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Devices.Leds;

namespace EdgeMeta.Firmware.Devices;

/// <summary>
/// The box's front panel on real pins: three buttons, the knob, three LEDs and the OLED, from the config. Each
/// part that cannot be opened (no display answering on I²C, no knob wired, no GPIO on this machine) is logged and
/// left out; the box runs with what is there. Gestures go to the <see cref="BoxController"/>.
/// </summary>
public sealed class BoxPanel : IDisposable
{
    private readonly List<IDisposable> _parts = [];
    private readonly GpioController? _gpio;
    private readonly StatusLed? _ready;
    private readonly StatusLed? _play;
    private readonly StatusLed? _error;

    /// <param name="config">Pins, bus and address.</param>
    /// <param name="controller">Where gestures go.</param>
    /// <param name="log">The journal.</param>
    /// <param name="gpio">A controller to use (tests pass one over a fake driver); null opens the board's.</param>
    /// <param name="i2c">Opens the display's I²C device (tests pass a fake); null uses <see cref="I2cDevice.Create"/>.</param>
    public BoxPanel(BoxConfig config, BoxController controller, Action<string> log, GpioController? gpio = null, Func<I2cConnectionSettings, I2cDevice>? i2c = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(log);
        if (config.Display.Enabled)
        {
            Display = Try("display", () => OpenDisplay(config.Display, i2c ?? I2cDevice.Create), log);
        }

        _gpio = gpio ?? Try("GPIO", () => config.GpioChip is { } chip ? new GpioController(new LibGpiodDriver(chip)) : new GpioController(), log);
        if (_gpio is null)
        {
            return;
        }

        if (gpio is null)
        {
            _parts.Add(_gpio);
        }

        var b = config.Buttons;
        var debounce = TimeSpan.FromMilliseconds(b.DebounceMs);
        var hold = TimeSpan.FromSeconds(b.HoldSeconds);
        GpioButton? Button(string name, int pin, BoxControl press, BoxControl? held)
        {
            var button = Try($"{name} button (GPIO {pin})", () => new GpioButton(pin, _gpio, false, debounce, hold), log);
            if (button is not null)
            {
                button.Pressed += () => controller.Handle(press);
                if (held is { } h)
                {
                    button.Held += () => controller.Handle(h);
                }
                else
                {
                    button.Held += () => controller.Handle(press);
                }

                _parts.Add(button);
            }

            return button;
        }

        Button("learn", b.LearnPin, BoxControl.LearnPress, null);
        Button("play", b.PlayPin, BoxControl.PlayPress, BoxControl.PlayHold);
        Button("clear", b.ClearPin, BoxControl.ClearPress, BoxControl.ClearHold);
        if (config.Knob.Enabled)
        {
            var k = config.Knob;
            var knob = Try($"knob (GPIO {k.PinA}/{k.PinB}, push {k.PushPin})", () => new Knob.Knob(k.PinA, k.PinB, k.PushPin, k.PulsesPerTurn, _gpio), log);
            if (knob is not null)
            {
                knob.Turned += (steps, pushed) => controller.Handle(new BoxControlEvent(BoxControl.KnobTurn, steps, pushed));
                knob.Push.Pressed += () => controller.Handle(BoxControl.KnobPress);
                _parts.Add(knob);
            }
        }

        var l = config.Leds;
        StatusLed? Led(string name, int pin) =>
            Try($"{name} LED (GPIO {pin})", () => new StatusLed(pin, _gpio, OpenPwm(pin, l.PwmChip, log), l.Brightness), log);
        _ready = Led("ready", l.ReadyPin);
        _play = Led("play", l.PlayPin);
        _error = Led("error", l.ErrorPin);
    }

    /// <summary>The OLED, or null when there is none.</summary>
    public Ssd1306Display? Display { get; }

    /// <summary>Sets the LEDs from the view (called by the box loop each tick).</summary>
    public void ShowLeds(BoxView view, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(view);
        foreach (var (led, pattern) in new[] { (_ready, view.ReadyLed), (_play, view.PlayLed), (_error, view.ErrorLed) })
        {
            if (led is not null)
            {
                led.Pattern = pattern;
                led.Update(now);
            }
        }
    }

    public void Dispose()
    {
        _ready?.Dispose();
        _play?.Dispose();
        _error?.Dispose();
        Display?.Dispose();
        for (var i = _parts.Count - 1; i >= 0; i--)
        {
            _parts[i].Dispose();
        }
    }

    private static Ssd1306Display OpenDisplay(DisplayConfig display, Func<I2cConnectionSettings, I2cDevice> open)
    {
        var device = open(new I2cConnectionSettings(display.I2cBus, display.Address));
        try
        {
            return new Ssd1306Display(device, (byte)display.Contrast);
        }
        catch
        {
            device.Dispose();
            throw;
        }
    }

    // GPIO 12/18 are PWM channel 0 and 13/19 channel 1 on the Raspberry Pi header.
    private static PwmChannel? OpenPwm(int pin, int? chip, Action<string> log)
    {
        int? channel = pin switch { 12 or 18 => 0, 13 or 19 => 1, _ => null };
        if (chip is null || channel is null)
        {
            return null;
        }

        try
        {
            return PwmChannel.Create(chip.Value, channel.Value, 400, 0);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException or PlatformNotSupportedException)
        {
            log($"LED on GPIO {pin}: no PWM (pwmchip{chip} channel {channel}: {ex.Message}); on/off only");
            return null;
        }
    }

    private static T? Try<T>(string part, Func<T> open, Action<string> log)
        where T : class
    {
        try
        {
            return open();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or UnauthorizedAccessException or PlatformNotSupportedException or ArgumentException)
        {
            log($"{part}: not available ({ex.Message}); the box runs without it");
            return null;
        }
    }
}
