using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>What an <c>adapter.safetensors</c> (or a performer profile) holds.</summary>
/// <param name="Adapter">The adapter weights.</param>
/// <param name="InnerLoop">The inner-loop settings the adapter was meta-trained for.</param>
/// <param name="ModelId">Id of the model the adapter belongs to (a profile for another model is refused).</param>
/// <param name="VocabularyId">Id of the token layout, e.g. "performance-v1".</param>
public sealed record AdapterFileContents(AdapterParameters Adapter, InnerLoopSettings InnerLoop, string ModelId, string VocabularyId);
