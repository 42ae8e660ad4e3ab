using System.Device.Gpio;
using Iot.Device.RotaryEncoder;
using EdgeMeta.Firmware.Devices.Buttons;

namespace EdgeMeta.Firmware.Devices.Knob;

/// <summary>
/// The rotary encoder with its push switch: turns come from Iot.Device.Bindings' <see cref="QuadratureRotaryEncoder"/>
/// (it counts falling edges of pin A and reads pin B for the direction), the push switch is a <see cref="GpioButton"/>.
/// <see cref="Turned"/> carries the steps and whether the knob was pushed while turning (push-and-turn).
/// </summary>
public sealed class Knob : IDisposable
{
    private readonly QuadratureRotaryEncoder _encoder;
    private readonly GpioButton _push;
    private readonly bool _ownsPush;
    private readonly Lock _gate = new();
    private double _lastCount;

    /// <param name="pinA">Encoder A (CLK).</param>
    /// <param name="pinB">Encoder B (DT).</param>
    /// <param name="pushPin">Push switch (SW).</param>
    /// <param name="pulsesPerTurn">Pulses per full turn.</param>
    /// <param name="controller">The box's shared controller (not disposed here).</param>
    /// <param name="push">The push switch, already opened on <paramref name="pushPin"/> (stays the caller's); null opens one that polls itself.</param>
    /// <exception cref="InvalidOperationException">A pin cannot be opened.</exception>
    public Knob(int pinA, int pinB, int pushPin, int pulsesPerTurn, GpioController controller, GpioButton? push = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        try
        {
            _encoder = new QuadratureRotaryEncoder(pinA, pinB, PinEventTypes.Falling, pulsesPerTurn, controller, false);
            // The encoder opens A and B as plain inputs; EC11 modules without their own resistors need the pull-ups.
            controller.SetPinMode(pinA, PinMode.InputPullUp);
            controller.SetPinMode(pinB, PinMode.InputPullUp);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"GPIO pins {pinA}/{pinB}: cannot open the knob ({ex.Message}).", ex);
        }

        _encoder.PulseCountChanged += OnPulse;
        _ownsPush = push is null;
        _push = push ?? new GpioButton(pushPin, controller, shouldDispose: false);
    }

    /// <summary>The push switch (press, hold).</summary>
    public ButtonDebouncer Push => _push;

    /// <summary>Minimum time between pulses the encoder accepts (its debounce; 5 ms by default).</summary>
    public TimeSpan Debounce
    {
        get => _encoder.Debounce;
        set => _encoder.Debounce = value;
    }

    /// <summary>Raised on the GPIO callback thread: (steps, +1 per pulse clockwise; pushed while turning).</summary>
    public event Action<int, bool>? Turned;

    public void Dispose()
    {
        _encoder.PulseCountChanged -= OnPulse;
        _encoder.Dispose();
        if (_ownsPush)
        {
            _push.Dispose();
        }
    }

    private void OnPulse(object? sender, RotaryEncoderEventArgs e)
    {
        int steps;
        lock (_gate)
        {
            steps = (int)Math.Round(e.Value - _lastCount);
            _lastCount = e.Value;
        }

        if (steps != 0)
        {
            Turned?.Invoke(steps, _push.IsPressed);
        }
    }
}
