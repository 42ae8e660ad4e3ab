namespace EdgeMeta.EdgeRuntime.Diagnostics;

/// <summary>
/// One line of <c>edgemeta play --stats FILE</c> (JSON Lines): the process's memory and garbage collections and the
/// engine's counters, cumulative, plus the samples measured since the previous line. A long session is judged from
/// these lines (<c>edgemeta bench-soak</c>); counters only grow, so a line lost at a kill loses no totals.
/// </summary>
public sealed record PlayStatsRecord
{
    /// <summary>Wall clock of the line, ms since the Unix epoch (to line up with another process's samples).</summary>
    public long UnixMs { get; init; }

    /// <summary>Seconds since the session started listening.</summary>
    public double Seconds { get; init; }

    /// <summary>True for the line written after the session stopped (every note released).</summary>
    public bool Final { get; init; }

    /// <summary>Resident set of the process, bytes.</summary>
    public long RssBytes { get; init; }

    /// <summary>Managed heap size after the last collection, bytes.</summary>
    public long ManagedHeapBytes { get; init; }

    /// <summary>Bytes allocated on the managed heap since the process started.</summary>
    public long AllocatedBytes { get; init; }

    /// <summary>Collections of each generation since the process started.</summary>
    public int Gen0Collections { get; init; }

    /// <inheritdoc cref="Gen0Collections"/>
    public int Gen1Collections { get; init; }

    /// <inheritdoc cref="Gen0Collections"/>
    public int Gen2Collections { get; init; }

    /// <summary>Each garbage-collection pause (threads suspended) since the previous line, ms.</summary>
    public double[] GcPausesMs { get; init; } = [];

    /// <summary>Each collection started since the previous line: generation, reason, kind (<see cref="GcPauseMonitor.DrainCollections"/>).</summary>
    public string[] GcCollections { get; init; } = [];

    /// <summary>Where each of <see cref="GcPausesMs"/> went: stopping the threads, collecting, restarting (<see cref="GcPauseMonitor.DrainPauseParts"/>).</summary>
    public string[] GcPauseParts { get; init; } = [];

    /// <summary>The runtime's own total of pause time since the process started, ms (a check on <see cref="GcPausesMs"/>).</summary>
    public double GcPauseTotalMs { get; init; }

    /// <summary>Phrases the performer finished.</summary>
    public int Phrases { get; init; }

    /// <summary>Answers started.</summary>
    public int Answers { get; init; }

    /// <summary>Scheduled events sent (see <see cref="Realtime.OutputScheduler.SentEvents"/>).</summary>
    public long SentEvents { get; init; }

    /// <summary>Events sent more than <see cref="Realtime.OutputScheduler.LateThresholdMs"/> late.</summary>
    public long LateEvents { get; init; }

    /// <summary>Events of the current answer the output port refused, plus note-ons skipped as stale after a stall or clock jump.</summary>
    public long DroppedEvents { get; init; }

    /// <summary>Events of cancelled answers skipped (the performer interrupted): by design.</summary>
    public long CancelledEvents { get; init; }

    /// <summary>Input messages or bytes dropped (queue full, SysEx over its bound, garbage).</summary>
    public long DroppedInput { get; init; }

    /// <summary>Notes sounding on the output when the line was written.</summary>
    public int SoundingNotes { get; init; }

    /// <summary>Each answer's first note, sent − intended, since the previous line, ms.</summary>
    public double[] AnswerLatencyMs { get; init; } = [];

    /// <summary>Each scheduled event, sent − intended, since the previous line, ms.</summary>
    public double[] EventJitterMs { get; init; } = [];

    /// <summary>Generation steps since the previous line.</summary>
    public int Steps { get; init; }

    /// <summary>The slowest 1 % of those steps start here, ms (NaN without steps).</summary>
    public double StepP99Ms { get; init; }

    /// <summary>The slowest of those steps, ms (NaN without steps).</summary>
    public double StepMaxMs { get; init; }
}
