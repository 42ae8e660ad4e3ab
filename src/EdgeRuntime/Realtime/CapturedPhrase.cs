using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// One phrase the performer played, as notes with times in seconds from the phrase's first onset.
/// </summary>
/// <param name="Notes">Notes sorted by onset; times relative to the first onset.</param>
/// <param name="Duration">From the first onset to the last release (or the cut), in seconds.</param>
/// <param name="StartTicks">Clock ticks of the first onset.</param>
/// <param name="EndTicks">Clock ticks at which the phrase counts as ended (last release + rest, the marker, ...).</param>
/// <param name="Reason">Why it ended.</param>
public sealed record CapturedPhrase(IReadOnlyList<Note> Notes, double Duration, long StartTicks, long EndTicks, PhraseEndReason Reason);
