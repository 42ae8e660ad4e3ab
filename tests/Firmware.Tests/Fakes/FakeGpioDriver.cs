using System.Device.Gpio;

namespace EdgeMeta.Firmware.Tests.Fakes;

/// <summary>
/// A GPIO driver with no hardware: tests set input levels (<see cref="SetInput"/>), which raise the registered
/// edge callbacks as a real driver would, and read what the code wrote to outputs (<see cref="Level"/>).
/// Inputs with a pull-up read high until a test pulls them low.
/// </summary>
internal sealed class FakeGpioDriver : GpioDriver
{
    private readonly Lock _gate = new();
    private readonly Dictionary<int, PinValue> _levels = [];
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly List<(int Pin, PinEventTypes Types, PinChangeEventHandler Callback)> _callbacks = [];

    /// <summary>Pins that may not be opened (a part that is not wired or not there).</summary>
    public HashSet<int> Broken { get; } = [];

    /// <summary>Every level written to an output, in order.</summary>
    public List<(int Pin, PinValue Value)> Writes { get; } = [];

    protected override int PinCount => 28;

    public PinValue Level(int pin)
    {
        lock (_gate)
        {
            return _levels.GetValueOrDefault(pin, PinValue.Low);
        }
    }

    public PinMode Mode(int pin)
    {
        lock (_gate)
        {
            return _modes[pin];
        }
    }

    /// <summary>Drives an input pin to <paramref name="value"/>, raising edge callbacks on a change.</summary>
    public void SetInput(int pin, PinValue value)
    {
        List<PinChangeEventHandler> due;
        PinEventTypes edge;
        lock (_gate)
        {
            var old = _levels.GetValueOrDefault(pin, PinValue.High);
            _levels[pin] = value;
            if (old == value)
            {
                return;
            }

            edge = value == PinValue.High ? PinEventTypes.Rising : PinEventTypes.Falling;
            due = [.. _callbacks.Where(c => c.Pin == pin && (c.Types & edge) != 0).Select(c => c.Callback)];
        }

        foreach (var callback in due)
        {
            callback(this, new PinValueChangedEventArgs(edge, pin));
        }
    }

    protected override void OpenPin(int pinNumber)
    {
        if (Broken.Contains(pinNumber))
        {
            throw new IOException($"pin {pinNumber} is not there");
        }
    }

    protected override void ClosePin(int pinNumber)
    {
    }

    protected override void SetPinMode(int pinNumber, PinMode mode)
    {
        lock (_gate)
        {
            _modes[pinNumber] = mode;
            if (mode == PinMode.InputPullUp && !_levels.ContainsKey(pinNumber))
            {
                _levels[pinNumber] = PinValue.High;
            }
        }
    }

    protected override PinMode GetPinMode(int pinNumber)
    {
        lock (_gate)
        {
            return _modes.GetValueOrDefault(pinNumber, PinMode.Input);
        }
    }

    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;

    protected override PinValue Read(int pinNumber)
    {
        lock (_gate)
        {
            return _levels.GetValueOrDefault(pinNumber, PinValue.High);
        }
    }

    protected override void Write(int pinNumber, PinValue value)
    {
        lock (_gate)
        {
            _levels[pinNumber] = value;
            Writes.Add((pinNumber, value));
        }
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        new() { TimedOut = true, EventTypes = PinEventTypes.None };

    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            _callbacks.Add((pinNumber, eventTypes, callback));
        }
    }

    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback)
    {
        lock (_gate)
        {
            _callbacks.RemoveAll(c => c.Pin == pinNumber && c.Callback == callback);
        }
    }
}
