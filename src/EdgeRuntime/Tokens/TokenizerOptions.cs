using System.Globalization;

namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// Which notes the <see cref="PerformanceTokenizer"/> takes and how it treats the awkward ones.
/// The defaults suit the training corpora: every pitched channel, no drums, notes capped at 10 s.
/// </summary>
public sealed record TokenizerOptions
{
    /// <summary>Drop channel index 9 (channel 10 in musicians' numbering, General MIDI drums). Default true:
    /// drum hits have no pitch in the melodic sense and would teach the model noise.</summary>
    public bool ExcludeDrums { get; init; } = true;

    /// <summary>Channels (0-15) to take; null takes every channel (drums still follow <see cref="ExcludeDrums"/>).</summary>
    public IReadOnlySet<int>? Channels { get; init; }

    /// <summary>Track indices to take; null takes every track.</summary>
    public IReadOnlySet<int>? Tracks { get; init; }

    /// <summary>
    /// Longest note kept, in seconds. A note that never ends (a lost note-off, a drone) is cut here so
    /// that one stuck key does not fill a phrase with TIME_SHIFTs. Default 10 s.
    /// </summary>
    public double MaxNoteSeconds { get; init; } = 10.0;

    /// <summary>Velocity given to a decoded NOTE_ON that no VELOCITY token preceded (generated streams). Default 64.</summary>
    public int DefaultVelocity { get; init; } = 64;

    /// <summary>A stable text form of every setting that changes the tokens; the corpus cache is keyed by it.</summary>
    internal string Fingerprint() => string.Create(
        CultureInfo.InvariantCulture,
        $"drums={!ExcludeDrums};channels={SetText(Channels)};tracks={SetText(Tracks)};maxnote={MaxNoteSeconds:R};vel={DefaultVelocity}");

    private static string SetText(IReadOnlySet<int>? set) =>
        set is null ? "all" : string.Join(',', set.Order());
}
