using System.Globalization;

namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// The one phrase-boundary rule: where <see cref="PhraseSegmenter"/> cuts a piece into phrases, for training, for the
/// duet's adaptation window and (its rest) for the live capture of a performer's turns.
/// </summary>
public sealed record SegmenterOptions
{
    /// <summary>The default rest that ends a phrase, live and offline (see <see cref="RestSeconds"/>).</summary>
    public const double DefaultRestSeconds = 0.6;

    /// <summary>
    /// A silence (no note sounding) at least this long ends a phrase. Default 0.6 s: longer than a held
    /// breath between notes of a tune, shorter than the gaps between sections in the pop corpus.
    /// </summary>
    public double RestSeconds { get; init; } = DefaultRestSeconds;

    /// <summary>
    /// Most events in a phrase. Folk tunes and chorales hardly rest, so this is where most of their
    /// phrases end. Default 64 (about 16-20 notes: two to four bars of a tune), the phrase size of the
    /// design's adaptation budget (8 phrases of ~64 events) and short enough that a piece gives the
    /// 9+ phrases a K = 8 few-shot episode needs.
    /// </summary>
    public int MaxEvents { get; init; } = 64;

    /// <summary>
    /// Fewest events in a phrase. A rest does not end a phrase shorter than this (the rest stays inside as
    /// TIME_SHIFTs); a final phrase shorter than this (a lone closing chord) is dropped. Default 16.
    /// </summary>
    public int MinEvents { get; init; } = 16;

    /// <summary>A stable text form of the settings; the corpus cache is keyed by it.</summary>
    internal string Fingerprint() => string.Create(CultureInfo.InvariantCulture, $"rest={RestSeconds:R};max={MaxEvents};min={MinEvents}");
}
