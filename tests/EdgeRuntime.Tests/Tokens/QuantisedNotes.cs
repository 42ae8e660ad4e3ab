using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

/// <summary>
/// The test's own statement of "within quantisation" for notes without same-pitch overlaps: times rounded
/// to 10 ms (at least one step long), velocity replaced by its bin's representative, channel and track dropped.
/// Written independently of the tokenizer so the round-trip tests can catch it out.
/// </summary>
internal static class QuantisedNotes
{
    public static double Step(double seconds) => Math.Round(seconds / 0.01) * 0.01;

    public static Note[] Expected(IEnumerable<Note> notes) => notes
        .Select(n =>
        {
            var start = Step(n.Start);
            var end = Math.Max(Step(n.End), start + 0.01);
            return new Note(n.Pitch, Math.Max(1, n.Velocity) / 4 * 4 + 2, start, end);
        })
        .OrderBy(n => n.Start).ThenBy(n => n.Pitch)
        .ToArray();
}
