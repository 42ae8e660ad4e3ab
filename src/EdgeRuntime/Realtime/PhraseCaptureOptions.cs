namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>How live playing is cut into phrases.</summary>
public sealed record PhraseCaptureOptions
{
    /// <summary>
    /// A rest this long (no key down, no pedal) ends the performer's turn. The phrase rule's rest
    /// (<see cref="Tokens.SegmenterOptions.DefaultRestSeconds"/>, 600 ms: longer than a breath between motifs, shorter
    /// than "your turn"), so a turn ends where the offline segmenter would cut.
    /// </summary>
    public double RestSeconds { get; init; } = Tokens.SegmenterOptions.DefaultRestSeconds;

    /// <summary>A phrase is cut at this length even if the performer keeps playing.</summary>
    public double MaxSeconds { get; init; } = 20.0;

    /// <summary>A turn is cut after this many notes (a flood of notes cannot grow one phrase without bound); the duet keeps at most 4,096 notes anyway.</summary>
    public int MaxNotes { get; init; } = 4096;

    /// <summary>Releasing the sustain pedal (CC 64) ends the phrase.</summary>
    public bool EndOnSustainRelease { get; init; } = true;

    /// <summary>A CC number whose value &gt;= 64 marks the end of a phrase; null for none.</summary>
    public int? MarkerController { get; init; }

    /// <summary>A note number that marks the end of a phrase (it is not part of the phrase); null for none.</summary>
    public int? MarkerNote { get; init; }

    /// <summary>Phrases with fewer notes are ignored (a stray key press is not a phrase).</summary>
    public int MinNotes { get; init; } = 1;
}
