namespace EdgeMeta.Firmware.Devices.Buttons;

/// <summary>
/// Debounce, press and hold logic for one push button, with no hardware in it: the GPIO driver
/// feeds raw pin levels with their times and tests feed made-up ones. A level must stay unchanged
/// for <see cref="DebounceTime"/> before it counts; a press that lasts <see cref="HoldTime"/>
/// raises <see cref="Held"/> once, and its release then raises nothing, so one gesture gives one action.
/// </summary>
public class ButtonDebouncer
{
    private bool _rawLevel;
    private TimeSpan _rawSince;
    private bool _stableLevel;
    private TimeSpan _pressedAt;
    private bool _holdReported;

    /// <param name="debounceTime">How long a level must be steady (default 20 ms, typical for tact switches).</param>
    /// <param name="holdTime">How long a press must last to count as a hold (default 1 s).</param>
    public ButtonDebouncer(TimeSpan? debounceTime = null, TimeSpan? holdTime = null)
    {
        DebounceTime = debounceTime ?? TimeSpan.FromMilliseconds(20);
        HoldTime = holdTime ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThan(DebounceTime, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(HoldTime, DebounceTime);
    }

    public TimeSpan DebounceTime { get; }
    public TimeSpan HoldTime { get; }

    /// <summary>The debounced state: true while the button is down.</summary>
    public bool IsPressed => _stableLevel;

    /// <summary>A short press was released (released before <see cref="HoldTime"/>).</summary>
    public event Action? Pressed;

    /// <summary>The button has been down for <see cref="HoldTime"/>.</summary>
    public event Action? Held;

    /// <summary>Feeds the raw level (true = pressed) seen at <paramref name="now"/> on a monotonic clock.</summary>
    public void Update(bool pressedLevel, TimeSpan now)
    {
        if (pressedLevel != _rawLevel)
        {
            _rawLevel = pressedLevel;
            _rawSince = now;
        }

        if (_rawLevel != _stableLevel && now - _rawSince >= DebounceTime)
        {
            _stableLevel = _rawLevel;
            if (_stableLevel)
            {
                _pressedAt = _rawSince;
                _holdReported = false;
            }
            else if (!_holdReported)
            {
                Pressed?.Invoke();
            }
        }

        if (_stableLevel && !_holdReported && now - _pressedAt >= HoldTime)
        {
            _holdReported = true;
            Held?.Invoke();
        }
    }
}
