using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Service;

/// <summary>
/// Remembers when each watched thread last made progress and tells whether any is stuck: a thread with work
/// waiting whose progress counter has not moved for <see cref="StallTimeout"/>. The box loop reports itself
/// (<see cref="Beat"/>) and the engine's threads (<see cref="Observe"/>) each tick; the watchdog pinger asks
/// <see cref="FindStall"/> from its own thread. Times are monotonic, passed in, so tests need no sleeps.
/// </summary>
public sealed class ProgressWatch
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long Progress, bool HasWork, TimeSpan Since)> _threads = [];
    private TimeSpan? _lastBeat;

    /// <param name="stallTimeout">How long work may wait without progress before the thread counts as stuck.</param>
    public ProgressWatch(TimeSpan stallTimeout)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(stallTimeout, TimeSpan.Zero);
        StallTimeout = stallTimeout;
    }

    public TimeSpan StallTimeout { get; }

    /// <summary>The box loop ran at <paramref name="now"/>.</summary>
    public void Beat(TimeSpan now)
    {
        lock (_gate)
        {
            _lastBeat = now;
        }
    }

    /// <summary>Records the engine's threads at <paramref name="now"/>; threads not listed (engine stopped) are forgotten.</summary>
    public void Observe(IReadOnlyList<EngineThreadProgress> threads, TimeSpan now)
    {
        ArgumentNullException.ThrowIfNull(threads);
        lock (_gate)
        {
            foreach (var name in _threads.Keys.Where(k => !threads.Any(t => t.Name == k)).ToList())
            {
                _threads.Remove(name);
            }

            foreach (var t in threads)
            {
                // The clock of a thread restarts whenever it progresses or has nothing to do.
                if (!_threads.TryGetValue(t.Name, out var seen) || seen.Progress != t.Progress || !t.HasWork || !seen.HasWork)
                {
                    _threads[t.Name] = (t.Progress, t.HasWork, now);
                }
            }
        }
    }

    /// <summary>The first stuck thread and for how long, or null when all are well at <paramref name="now"/>.</summary>
    public (string Thread, TimeSpan For)? FindStall(TimeSpan now)
    {
        lock (_gate)
        {
            if (_lastBeat is { } beat && now - beat > StallTimeout)
            {
                return ("box loop", now - beat);
            }

            foreach (var (name, t) in _threads)
            {
                if (t.HasWork && now - t.Since > StallTimeout)
                {
                    return (name, now - t.Since);
                }
            }

            return null;
        }
    }
}
