namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>A phrase already made with these tokens, or null (so a re-cut returns the phrase it made before).</summary>
internal delegate Phrase? PhraseLookup(ReadOnlySpan<int> tokens);

/// <summary>
/// The work lists of one caller's cuts (<see cref="PhraseSegmenter.SegmentInto"/>), kept from cut to cut: the live duet
/// re-cuts the performer's playing at every turn and while they play, and a cut that made its lists anew each time was
/// most of what a warm session allocated (README "Soak"). Single-threaded: one per thread that cuts.
/// </summary>
internal sealed class SegmentScratch
{
    /// <summary>The notes as the tokenizer keeps them, before same-pitch overlaps are resolved.</summary>
    public List<QuantizedNote> Kept { get; } = [];

    /// <summary>The notes quantised, sorted by onset.</summary>
    public List<QuantizedNote> Quantized { get; } = [];

    /// <summary>Index ranges of the stretches between rests.</summary>
    public List<(int Start, int End)> Stretches { get; } = [];

    /// <summary>Onset-group boundaries of the stretch being cut.</summary>
    public List<int> Boundaries { get; } = [];

    /// <summary>The tokens of the phrase being made.</summary>
    public List<int> Tokens { get; } = [];

    /// <summary>The encoder's packed events.</summary>
    public long[]? Events;

    /// <summary>The phrases of the last cut, each with the 10 ms step of its first onset.</summary>
    public List<(Phrase Phrase, int OriginStep)> Phrases { get; } = [];

    /// <summary>Where a cut looks for a phrase it has made before (null: every phrase is new).</summary>
    public PhraseLookup? Known { get; set; }
}
