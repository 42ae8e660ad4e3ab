namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>Settings of one pass of <see cref="LoopbackLatencyBenchmark"/>.</summary>
public sealed record LoopbackLatencyOptions
{
    /// <summary>Calls to answer and measure.</summary>
    public int Calls { get; init; } = 1000;

    /// <summary>Calls played first and not measured (JIT, first adaptations, caches).</summary>
    public int WarmupCalls { get; init; } = 10;

    /// <summary>The configured musical delay before each answer, seconds.</summary>
    public double DelaySeconds { get; init; } = 0.03;

    /// <summary>
    /// Run the simulated performer under SCHED_FIFO (when allowed). A keyboard's bytes arrive on time whatever the
    /// board is doing; a performer thread at normal priority would be preempted between taking its timestamp and
    /// writing, and count its own lateness as the engine's.
    /// </summary>
    public bool RealtimePerformer { get; init; } = true;
}
