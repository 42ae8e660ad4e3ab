using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>A model folder that passed every check of <see cref="ModelFolder.Load"/>.</summary>
/// <param name="Manifest">The parsed manifest.</param>
/// <param name="Directory">The model folder.</param>
/// <param name="BackbonePath">Path of the verified backbone.onnx (hand it to OnnxBackbone).</param>
/// <param name="InitialAdapter">The meta-learned adapter init; clone it before adapting.</param>
/// <param name="InnerLoop">The inner-loop settings the model was meta-trained for.</param>
/// <param name="ModelId">Model id; performer profiles carry it and must match.</param>
public sealed record LoadedModel(
    ModelManifest Manifest,
    string Directory,
    string BackbonePath,
    AdapterParameters InitialAdapter,
    InnerLoopSettings InnerLoop,
    string ModelId);
