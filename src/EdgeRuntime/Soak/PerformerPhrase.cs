using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>A phrase the virtual performer can play: its notes with times from the phrase's first onset, seconds.</summary>
/// <param name="Notes">Notes sorted by onset, the first at 0.</param>
/// <param name="Source">Where it came from (file and phrase number), for logs.</param>
public sealed record PerformerPhrase(IReadOnlyList<Note> Notes, string Source)
{
    /// <summary>From the first onset to the last release, seconds.</summary>
    public double Duration => Notes.Count == 0 ? 0 : Notes.Max(n => n.End);
}
