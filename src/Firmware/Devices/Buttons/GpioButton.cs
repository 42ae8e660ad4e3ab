using System.Device.Gpio;
using System.Diagnostics;

namespace EdgeMeta.Firmware.Devices.Buttons;

/// <summary>
/// A push button on a GPIO pin, wired to ground with the SoC's internal pull-up (pressed = low).
/// All timing logic lives in <see cref="ButtonDebouncer"/>; this class only polls the pin, because
/// edge interrupts on a bouncing contact fire in bursts and some boards drop them.
/// </summary>
public sealed class GpioButton : ButtonDebouncer, IDisposable
{
    private readonly GpioController _controller;
    private readonly bool _shouldDispose;
    private readonly int _pin;
    private readonly Timer? _poll;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <param name="pin">Logical (BCM) pin number.</param>
    /// <param name="controller">A shared controller, or null to open one.</param>
    /// <param name="shouldDispose">Dispose <paramref name="controller"/> with this button.</param>
    /// <param name="debounceTime">See <see cref="ButtonDebouncer"/>.</param>
    /// <param name="holdTime">See <see cref="ButtonDebouncer"/>.</param>
    /// <param name="pollEvery">How often a timer samples the pin (default 5 ms); <see cref="Timeout.InfiniteTimeSpan"/> for no timer (the caller calls <see cref="Poll(TimeSpan)"/>).</param>
    /// <exception cref="InvalidOperationException">The pin cannot be opened (wrong number, no GPIO on this machine, no permission).</exception>
    public GpioButton(int pin, GpioController? controller = null, bool shouldDispose = true, TimeSpan? debounceTime = null, TimeSpan? holdTime = null, TimeSpan? pollEvery = null)
        : base(debounceTime, holdTime)
    {
        _pin = pin;
        _shouldDispose = controller is null || shouldDispose;
        try
        {
            _controller = controller ?? new GpioController();
            _controller.OpenPin(pin, PinMode.InputPullUp);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"GPIO pin {pin}: cannot open the button pin ({ex.Message}).", ex);
        }

        var every = pollEvery ?? TimeSpan.FromMilliseconds(5);
        if (every != Timeout.InfiniteTimeSpan)
        {
            _poll = new Timer(_ => Poll(_clock.Elapsed), null, TimeSpan.Zero, every);
        }
    }

    /// <summary>Samples the pin once at <paramref name="now"/> (monotonic time).</summary>
    public void Poll(TimeSpan now) => Update(_controller.Read(_pin) == PinValue.Low, now);

    public void Dispose()
    {
        _poll?.Dispose();
        if (_shouldDispose)
        {
            _controller.Dispose();
        }
        else if (_controller.IsPinOpen(_pin))
        {
            _controller.ClosePin(_pin);
        }
    }
}
