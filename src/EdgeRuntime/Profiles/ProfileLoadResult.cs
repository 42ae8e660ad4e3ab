namespace EdgeMeta.EdgeRuntime.Profiles;

/// <summary>What <see cref="ProfileStore.Get(string, string, EdgeMeta.EdgeRuntime.Adaptation.AdapterParameters, EdgeMeta.EdgeRuntime.Adaptation.InnerLoopSettings)"/> found.</summary>
/// <param name="Profile">The stored profile, or a fresh one from the meta-learned init.</param>
/// <param name="IsNew">True when no usable profile was stored (absent or corrupt).</param>
/// <param name="Warning">Set when a corrupt profile was moved aside; says which file and where it went.</param>
public sealed record ProfileLoadResult(PerformerProfile Profile, bool IsNew, string? Warning);
