using Microsoft.ML.OnnxRuntime;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>How <see cref="OnnxBackbone"/> configures its ONNX Runtime session.</summary>
public sealed record BackboneSessionOptions
{
    /// <summary>
    /// Threads inside one operator. 1 by default: a step on a small GRU is too short to win from
    /// fanning out, and the device's other threads (MIDI input, scheduler, adaptation) need the cores.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>ONNX Runtime graph optimisation; all optimisations by default (the graph is tiny, load cost is ms).</summary>
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>Execution provider choice; <see cref="ExecutionProviderPreference.Auto"/> by default.</summary>
    public ExecutionProviderPreference PreferredProvider { get; init; } = ExecutionProviderPreference.Auto;

    /// <summary>Receives one line saying which provider was chosen (and why); null to stay quiet.</summary>
    public Action<string>? Log { get; init; }
}
