using EdgeMeta.EdgeRuntime.Profiles;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>What a live session left behind.</summary>
/// <param name="Recording">The session's MIDI file, or null.</param>
/// <param name="Profile">The profile as saved after the session, or null when none was updated.</param>
public sealed record LiveSessionSummary(string? Recording, PerformerProfile? Profile);
