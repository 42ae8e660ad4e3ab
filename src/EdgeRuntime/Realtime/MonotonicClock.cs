using System.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Stopwatch time. <see cref="WaitUntil"/> is a <see cref="HybridWait"/>: sleeps (on the wake handle, so new work can
/// interrupt it), a precise sleep to the spin window, then a spin of at most <see cref="SpinWindowTicks"/> per event.
/// </summary>
public sealed class MonotonicClock : IClock
{
    /// <summary>The default spin window: 0.3 ms (see the README's latency section for how it was chosen).</summary>
    public const double DefaultSpinWindowMilliseconds = 0.3;

    private readonly HybridWait _wait;

    /// <summary>A clock spinning at most <paramref name="spinWindowMilliseconds"/> (0 to 1) before each deadline.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The window is outside 0-1 ms.</exception>
    public MonotonicClock(double spinWindowMilliseconds = DefaultSpinWindowMilliseconds)
    {
        if (!(spinWindowMilliseconds is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(spinWindowMilliseconds), spinWindowMilliseconds, "The spin window must lie within 0-1 ms.");
        }

        _wait = new HybridWait(SystemWaitPrimitives.Instance, (long)(spinWindowMilliseconds * Stopwatch.Frequency / 1000));
    }

    /// <summary>The shared instance (default spin window).</summary>
    public static MonotonicClock Instance { get; } = new();

    /// <summary>How long before a deadline the clock stops sleeping and spins, in Stopwatch ticks.</summary>
    public long SpinWindowTicks => _wait.SpinTicks;

    public long Now => Stopwatch.GetTimestamp();

    public long Frequency => Stopwatch.Frequency;

    public bool WaitUntil(long ticks, WaitHandle? wake = null) => _wait.Until(ticks, wake);
}
