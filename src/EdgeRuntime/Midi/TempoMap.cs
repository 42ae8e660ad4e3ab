using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// Converts between ticks and seconds. For a metrical division the map is piecewise linear: each tempo
/// change starts a segment, and before the first change the SMF default of 120 bpm (500,000 us per
/// quarter) holds. For an SMPTE division ticks are absolute time and tempo events are ignored, as the
/// SMF specification says.
/// </summary>
public sealed class TempoMap
{
    /// <summary>SMF default tempo: 120 bpm.</summary>
    public const int DefaultMicrosecondsPerQuarter = 500_000;

    private readonly TempoChange[] _changes;
    private readonly double _smpteTicksPerSecond;

    /// <summary>Builds the map from tempo events in any order (several at one tick: the last in the list wins).</summary>
    /// <param name="division">The file's division.</param>
    /// <param name="tempos">Tempo events of the conductor track (format 1), the only track (0) or one track (2).</param>
    /// <exception cref="ArgumentException">A tempo is not positive or a tick is negative.</exception>
    public TempoMap(MidiDivision division, IEnumerable<TempoEvent> tempos)
    {
        ArgumentNullException.ThrowIfNull(tempos);
        Division = division;
        if (division.IsSmpte)
        {
            _smpteTicksPerSecond = division.SmpteTicksPerSecond;
            _changes = [];
            return;
        }

        var ordered = new SortedDictionary<long, int> { [0] = DefaultMicrosecondsPerQuarter };
        foreach (var tempo in tempos)
        {
            if (tempo.MicrosecondsPerQuarter <= 0 || tempo.Tick < 0)
            {
                throw new ArgumentException($"tempo {tempo.MicrosecondsPerQuarter} us/quarter at tick {tempo.Tick} is invalid", nameof(tempos));
            }

            ordered[tempo.Tick] = tempo.MicrosecondsPerQuarter;
        }

        var changes = new List<TempoChange>(ordered.Count);
        foreach (var (tick, micros) in ordered)
        {
            var seconds = changes.Count == 0 ? 0.0 : SecondsAfter(changes[^1], tick);
            // A change that repeats the running tempo adds no segment.
            if (changes.Count == 0 || changes[^1].MicrosecondsPerQuarter != micros)
            {
                changes.Add(new TempoChange(tick, seconds, micros));
            }
        }

        _changes = [.. changes];
    }

    /// <summary>The division the map was built for.</summary>
    public MidiDivision Division { get; }

    /// <summary>Segment starts in tick order; the first is at tick 0. Empty for an SMPTE division.</summary>
    public IReadOnlyList<TempoChange> Changes => _changes;

    /// <summary>Seconds from the start at <paramref name="tick"/>.</summary>
    public double ToSeconds(long tick)
    {
        if (Division.IsSmpte)
        {
            return tick / _smpteTicksPerSecond;
        }

        var lo = 0;
        var hi = _changes.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) / 2;
            if (_changes[mid].Tick <= tick)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return SecondsAfter(_changes[lo], tick);
    }

    /// <summary>The tick nearest to <paramref name="seconds"/> (inverse of <see cref="ToSeconds"/> up to rounding).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="seconds"/> is negative or not finite.</exception>
    public long ToTicks(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(seconds), seconds, "time must be finite and not negative");
        }

        if (Division.IsSmpte)
        {
            return (long)Math.Round(seconds * _smpteTicksPerSecond);
        }

        var index = _changes.Length - 1;
        while (index > 0 && _changes[index].Seconds > seconds)
        {
            index--;
        }

        var change = _changes[index];
        var ticksPerSecond = Division.TicksPerQuarter * 1_000_000.0 / change.MicrosecondsPerQuarter;
        return change.Tick + (long)Math.Round((seconds - change.Seconds) * ticksPerSecond);
    }

    private double SecondsAfter(TempoChange change, long tick) =>
        change.Seconds + (tick - change.Tick) * (change.MicrosecondsPerQuarter / 1_000_000.0) / Division.TicksPerQuarter;
}
