using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// One track chunk: its events in time order with absolute ticks. The End of Track event is not in
/// <see cref="Events"/>; its tick is <see cref="EndTick"/>, and the writer always writes one.
/// </summary>
public sealed class MidiTrack
{
    /// <summary>Creates a track.</summary>
    /// <param name="events">Events sorted by tick (stable order within a tick is kept); End of Track events are dropped.</param>
    /// <param name="endTick">Tick of End of Track; null means the last event's tick. Raised to at least the last event's tick.</param>
    /// <exception cref="ArgumentException">Events are not sorted by tick, or a tick is negative.</exception>
    public MidiTrack(IEnumerable<MidiEvent> events, long? endTick = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        var list = new List<MidiEvent>();
        long last = 0;
        foreach (var e in events)
        {
            if (e.Tick < last)
            {
                throw new ArgumentException($"event at tick {e.Tick} comes after tick {last}; events must be sorted", nameof(events));
            }

            last = e.Tick;
            if (e is not EndOfTrackEvent)
            {
                list.Add(e);
            }
        }

        Events = list;
        EndTick = Math.Max(endTick ?? last, last);
    }

    /// <summary>Events in time order, without End of Track.</summary>
    public IReadOnlyList<MidiEvent> Events { get; }

    /// <summary>Tick of the End of Track event: the track's length.</summary>
    public long EndTick { get; }

    /// <summary>The first Track Name event's text, or null.</summary>
    public string? Name => Events.OfType<TrackNameEvent>().FirstOrDefault()?.Name;
}
