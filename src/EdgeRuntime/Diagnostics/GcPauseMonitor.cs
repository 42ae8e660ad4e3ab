using System.Diagnostics.Tracing;

namespace EdgeMeta.EdgeRuntime.Diagnostics;

/// <summary>
/// Measures every garbage-collection pause of this process from the runtime's own GC events: a pause runs from
/// GCSuspendEEBegin (the runtime starts stopping managed threads, the playing threads among them) to
/// GCRestartEEEnd (they run again). The events carry their own timestamps, so the listener thread's delay does not
/// enter the durations. Only the informational GC keyword is enabled (not the verbose allocation ticks), a handful
/// of events per collection. <see cref="Drain"/> hands the pauses seen since the last call to one reader.
/// </summary>
public sealed class GcPauseMonitor : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int StartId = 1;          // GCStart_V2: Count, Depth, Reason, Type, ...
    private const int SuspendBeginId = 9;   // GCSuspendEEBegin_V1
    private const int RestartEndId = 3;     // GCRestartEEEnd_V1
    private const int SuspendEndId = 8;     // GCSuspendEEEnd_V1: every managed thread has stopped
    private const int RestartBeginId = 7;   // GCRestartEEBegin_V1: the collection's work is done

    private readonly Lock _gate = new();
    private readonly List<double> _pauses = [];
    private readonly List<string> _collections = [];
    private readonly List<string> _parts = [];
    private DateTime? _suspendedAt;
    private DateTime? _stoppedAt;
    private DateTime? _restartingAt;
    private long _count;
    private double _maxMs;

    /// <summary>Pauses measured since the monitor started.</summary>
    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>The longest pause since the monitor started, ms (0 before the first).</summary>
    public double MaxMilliseconds
    {
        get
        {
            lock (_gate)
            {
                return _maxMs;
            }
        }
    }

    /// <summary>The pauses (ms) measured since the previous call, oldest first.</summary>
    public double[] Drain()
    {
        lock (_gate)
        {
            var pauses = _pauses.ToArray();
            _pauses.Clear();
            return pauses;
        }
    }

    /// <summary>
    /// The collections started since the previous call, each as "generation reason kind" in the runtime's words
    /// (e.g. "gen2 AllocLarge Background": the large-object budget ran out and a background collection of the whole
    /// heap began), oldest first: what to change when the pauses are too long.
    /// </summary>
    public string[] DrainCollections()
    {
        lock (_gate)
        {
            var collections = _collections.ToArray();
            _collections.Clear();
            return collections;
        }
    }

    /// <summary>
    /// Where the time of each pause since the previous call went, oldest first, as "stop S + collect C + restart R"
    /// (ms): stopping the managed threads (long when a thread cannot reach a safe point or the collecting thread waits
    /// for a core), the collection's own work, and letting them run again.
    /// </summary>
    public string[] DrainPauseParts()
    {
        lock (_gate)
        {
            var parts = _parts.ToArray();
            _parts.Clear();
            return parts;
        }
    }

    /// <summary>Adds one pause from its suspend and restart times (the event handler's work; public for tests).</summary>
    public void Record(DateTime suspendedAt, DateTime restartedAt) => Record(suspendedAt, restartedAt, null);

    // A pause and where its time went are added under one lock, so a reader never sees one without the other.
    private void Record(DateTime suspendedAt, DateTime restartedAt, string? parts)
    {
        var ms = (restartedAt - suspendedAt).TotalMilliseconds;
        if (!(ms >= 0))
        {
            return;   // events out of order (a listener attached mid-pause): not a pause we can measure
        }

        lock (_gate)
        {
            _pauses.Add(ms);
            if (parts is not null)
            {
                _parts.Add(parts);
            }

            _count++;
            _maxMs = Math.Max(_maxMs, ms);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSource)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventId)
        {
            case StartId:
                var description = $"gen{Payload(eventData, "Depth")} {Reason(Payload(eventData, "Reason"))} {Kind(Payload(eventData, "Type"))}";
                lock (_gate)
                {
                    _collections.Add(description);
                }

                break;
            case SuspendBeginId:
                _suspendedAt = eventData.TimeStamp;
                _stoppedAt = _restartingAt = null;
                break;
            case SuspendEndId:
                _stoppedAt = eventData.TimeStamp;
                break;
            case RestartBeginId:
                _restartingAt = eventData.TimeStamp;
                break;
            case RestartEndId when _suspendedAt is { } began:
                _suspendedAt = null;
                var part = _stoppedAt is { } stopped && _restartingAt is { } restarting
                    ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"stop {(stopped - began).TotalMilliseconds:F3} + collect {(restarting - stopped).TotalMilliseconds:F3} + restart {(eventData.TimeStamp - restarting).TotalMilliseconds:F3}")
                    : null;
                Record(began, eventData.TimeStamp, part);
                break;
        }
    }

    private static uint? Payload(EventWrittenEventArgs e, string name)
    {
        var index = e.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && e.Payload is { } payload && index < payload.Count && payload[index] is { } value ? Convert.ToUInt32(value, System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    // The runtime's GC reason and type numbers (its event manifest), in its own words.
    private static string Reason(uint? reason) => reason switch
    {
        0 => "AllocSmall",
        1 => "Induced",
        2 => "LowMemory",
        3 => "Empty",
        4 => "AllocLarge",
        5 => "OutOfSpaceSOH",
        6 => "OutOfSpaceLOH",
        7 => "InducedNotForced",
        8 => "Internal",
        9 => "InducedLowMemory",
        10 => "InducedCompacting",
        11 => "LowMemoryHost",
        12 => "PMFullGC",
        13 => "LowMemoryHostBlocking",
        { } other => $"reason{other}",
        null => "reason?",
    };

    private static string Kind(uint? type) => type switch
    {
        0 => "Blocking",
        1 => "Background",
        2 => "BlockingDuringBackground",
        { } other => $"type{other}",
        null => "type?",
    };
}
