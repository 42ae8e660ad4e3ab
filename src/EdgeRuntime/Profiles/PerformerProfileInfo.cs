using System.Text.Json.Serialization;

namespace EdgeMeta.EdgeRuntime.Profiles;

/// <summary>The small JSON beside a profile's adapter file: who, for which model, how much it has heard.</summary>
/// <param name="Name">Profile name (also the file name stem).</param>
/// <param name="ModelId">Id of the model whose adapter this profile adapts; another model refuses it.</param>
/// <param name="Created">When the profile was first saved.</param>
/// <param name="Updated">When it was last saved.</param>
/// <param name="PhrasesSeen">Phrases adapted on over all sessions.</param>
/// <param name="Sessions">Adaptations folded in by online Reptile.</param>
public sealed record PerformerProfileInfo(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("model_id")] string ModelId,
    [property: JsonPropertyName("created")] DateTimeOffset Created,
    [property: JsonPropertyName("updated")] DateTimeOffset Updated,
    [property: JsonPropertyName("phrases_seen")] int PhrasesSeen,
    [property: JsonPropertyName("sessions")] int Sessions);
