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
    private const int SuspendBeginId = 9;   // GCSuspendEEBegin_V1
    private const int RestartEndId = 3;     // GCRestartEEEnd_V1

    private readonly Lock _gate = new();
    private readonly List<double> _pauses = [];
    private DateTime? _suspendedAt;
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

    /// <summary>Adds one pause from its suspend and restart times (the event handler's work; public for tests).</summary>
    public void Record(DateTime suspendedAt, DateTime restartedAt)
    {
        var ms = (restartedAt - suspendedAt).TotalMilliseconds;
        if (!(ms >= 0))
        {
            return;   // events out of order (a listener attached mid-pause): not a pause we can measure
        }

        lock (_gate)
        {
            _pauses.Add(ms);
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
            case SuspendBeginId:
                _suspendedAt = eventData.TimeStamp;
                break;
            case RestartEndId when _suspendedAt is { } began:
                _suspendedAt = null;
                Record(began, eventData.TimeStamp);
                break;
        }
    }
}
