namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>One pass of the loopback latency benchmark (all times in ms).</summary>
/// <param name="InToOut">Per answered call: first answer note read back − call end written − the response delay.</param>
/// <param name="FirstNoteLateness">Per answer: its first note sent − intended (engine clock).</param>
/// <param name="Jitter">Per scheduled event: sent − intended.</param>
/// <param name="GenerationSteps">Duration of each generation step (one event of the answer stream).</param>
/// <param name="Adaptations">Duration of each adaptation on the adaptation thread.</param>
/// <param name="Missed">Calls with no answer note within 2 s.</param>
/// <param name="DroppedInput">Input messages the engine dropped.</param>
/// <param name="Collections">Garbage collections during the pass (all generations).</param>
/// <param name="Gen2Collections">Of those, full (generation 2) collections, which large-object allocations also trigger.</param>
/// <param name="GcPauseMs">Total time the runtime was paused for them.</param>
/// <param name="Seconds">Wall time of the measured calls.</param>
/// <param name="OutputThreadCpuMs">CPU time the output thread used over the measured calls (sleeping, the bounded spin, sending); NaN where /proc is not readable.</param>
public sealed record LoopbackLatencyReport(
    IReadOnlyList<double> InToOut,
    IReadOnlyList<double> FirstNoteLateness,
    IReadOnlyList<double> Jitter,
    IReadOnlyList<double> GenerationSteps,
    IReadOnlyList<double> Adaptations,
    int Missed,
    long DroppedInput,
    int Collections,
    int Gen2Collections,
    double GcPauseMs,
    double Seconds,
    double OutputThreadCpuMs);
