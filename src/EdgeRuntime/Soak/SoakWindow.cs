namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>One stretch of a soak run (a tenth of it, by default), measured from outside and from play's own lines.</summary>
public sealed record SoakWindow
{
    /// <summary>0-based.</summary>
    public int Index { get; init; }

    /// <summary>Start and end, seconds since the session started listening.</summary>
    public double FromSeconds { get; init; }

    /// <inheritdoc cref="FromSeconds"/>
    public double ToSeconds { get; init; }

    /// <summary>Resident set over the window's samples, MB (10^6 bytes); NaN without samples.</summary>
    public double RssMeanMb { get; init; } = double.NaN;

    /// <inheritdoc cref="RssMeanMb"/>
    public double RssMaxMb { get; init; } = double.NaN;

    /// <summary>Largest managed heap after a collection, MB; NaN without stats lines.</summary>
    public double ManagedHeapMb { get; init; } = double.NaN;

    /// <summary>Managed allocations in the window, MB (what drives collections).</summary>
    public double AllocatedMb { get; init; }

    /// <summary>Collections in the window by generation.</summary>
    public int Gen0 { get; init; }

    /// <inheritdoc cref="Gen0"/>
    public int Gen1 { get; init; }

    /// <inheritdoc cref="Gen0"/>
    public int Gen2 { get; init; }

    /// <summary>GC pauses measured in the window and the longest, ms (0 without pauses).</summary>
    public int GcPauses { get; init; }

    /// <inheritdoc cref="GcPauses"/>
    public double GcMaxPauseMs { get; init; }

    /// <summary>Calls played and answers started.</summary>
    public int Calls { get; init; }

    /// <inheritdoc cref="Calls"/>
    public int Answers { get; init; }

    /// <summary>Calls whose answer's first note the listener heard, and the median time from the call's release to it (rest, delay and the model's own leading rest included), ms.</summary>
    public int CallsAnswered { get; init; }

    /// <inheritdoc cref="CallsAnswered"/>
    public double HeardP50Ms { get; init; } = double.NaN;

    /// <summary>Answers' first notes, sent − intended (engine clock): count, p50, p99, max, ms.</summary>
    public int AnswerLatencyCount { get; init; }

    /// <inheritdoc cref="AnswerLatencyCount"/>
    public double AnswerLatencyP50Ms { get; init; } = double.NaN;

    /// <inheritdoc cref="AnswerLatencyCount"/>
    public double AnswerLatencyP99Ms { get; init; } = double.NaN;

    /// <inheritdoc cref="AnswerLatencyCount"/>
    public double AnswerLatencyMaxMs { get; init; } = double.NaN;

    /// <summary>Every scheduled event, sent − intended: count, p50, p99, max, ms.</summary>
    public int JitterCount { get; init; }

    /// <inheritdoc cref="JitterCount"/>
    public double JitterP50Ms { get; init; } = double.NaN;

    /// <inheritdoc cref="JitterCount"/>
    public double JitterP99Ms { get; init; } = double.NaN;

    /// <inheritdoc cref="JitterCount"/>
    public double JitterMaxMs { get; init; } = double.NaN;

    /// <summary>Scheduled events: sent, late, dropped by the port, skipped because the performer interrupted.</summary>
    public long Sent { get; init; }

    /// <inheritdoc cref="Sent"/>
    public long Late { get; init; }

    /// <inheritdoc cref="Sent"/>
    public long Dropped { get; init; }

    /// <inheritdoc cref="Sent"/>
    public long Cancelled { get; init; }
}
