namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>Everything the engine needs to know up front; the CC-mappable ones can also change live.</summary>
public sealed record EngineSettings
{
    public EngineMode Mode { get; init; } = EngineMode.CallResponse;

    public PhraseCaptureOptions Capture { get; init; } = new();

    /// <summary>Deliberate musical gap between the end of the call and the answer, in seconds. Adaptation and the first generation steps happen inside it.</summary>
    public double ResponseDelaySeconds { get; init; } = 0.15;

    /// <summary>Answer length as a multiple of the call's length.</summary>
    public double ResponseLength { get; init; } = 1.0;

    /// <summary>Sampling temperature.</summary>
    public float Temperature { get; init; } = 1.0f;

    /// <summary>Semitones added to every answered note (after the octave shift into the performer's register).</summary>
    public int Transpose { get; init; }

    /// <summary>MIDI channel 0-15 of the answers.</summary>
    public int OutputChannel { get; init; }

    /// <summary>After this long without input the box forgets the visitor (installation mode); null never forgets.</summary>
    public double? IdleForgetSeconds { get; init; }

    /// <summary>How far generation may run ahead of the output, in seconds.</summary>
    public double LookaheadSeconds { get; init; } = 1.0;

    /// <summary>Upper bound on tokens per answer (a model that never shifts time cannot run away); the duet's plan may cap lower.</summary>
    public int MaxResponseTokens { get; init; } = 2048;

    /// <summary>Send MIDI clock (24 ppqn) at this tempo; null sends none.</summary>
    public double? ClockOutBpm { get; init; }

    /// <summary>Scale answer timing by incoming MIDI clock tempo relative to <see cref="ReferenceBpm"/>.</summary>
    public bool FollowClock { get; init; } = true;

    /// <summary>The tempo at which answers play at the model's own timing.</summary>
    public double ReferenceBpm { get; init; } = 120;

    /// <summary>CC number → parameter mappings.</summary>
    public IReadOnlyDictionary<int, EngineParameter> ControlMappings { get; init; } = new Dictionary<int, EngineParameter>();

    /// <summary>Ignore incoming notes that match a note the box sent within this many seconds (a synth echoing the box back); null (default) is off.</summary>
    public double? EchoWindowSeconds { get; init; }

    /// <summary>Capacity of the input queue; messages beyond it (a flood) are dropped and counted.</summary>
    public int InputQueueCapacity { get; init; } = 4096;

    /// <summary>
    /// How long stopping the engine waits for a running adaptation to end once cancelled, in seconds; one that does not
    /// (hung) is left running and <see cref="RealtimeEngine.StoppedCleanly"/> says so.
    /// </summary>
    public double AdaptationStopTimeoutSeconds { get; init; } = 10;
}
