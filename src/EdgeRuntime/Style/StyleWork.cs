namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// The decoder and working arrays a caller measures styles with, turn after turn (<see cref="PerformerStyle.Of(IReadOnlyList{Tokens.Phrase}, StyleWork)"/>),
/// grown to the largest window seen and reused: the live duet's, so that measuring the performer at each turn's end
/// allocates only the style it publishes. Single-threaded.
/// </summary>
internal sealed class StyleWork
{
    private NoteCollector? _collector;
    private StyleScratch? _scratch;

    /// <summary>A collector for at least <paramref name="capacity"/> notes, cleared.</summary>
    public NoteCollector CollectorFor(int capacity)
    {
        if (_collector is null || _collector.Capacity < capacity)
        {
            _collector = new NoteCollector(Math.Max(capacity, 256));
        }

        _collector.Clear();
        return _collector;
    }

    /// <summary>Working arrays for at least <paramref name="capacity"/> notes.</summary>
    public StyleScratch ScratchFor(int capacity)
    {
        if (_scratch is null || _scratch.Durations.Length < capacity)
        {
            _scratch = new StyleScratch(Math.Max(capacity, 256));
        }

        return _scratch;
    }
}
