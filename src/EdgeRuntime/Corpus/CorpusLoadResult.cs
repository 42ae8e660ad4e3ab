namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>What a corpus load produced and what it had to skip.</summary>
public sealed record CorpusLoadResult
{
    /// <summary>Full path of the corpus folder.</summary>
    public required string Root { get; init; }

    /// <summary>One task per file with at least one phrase, ordered by relative path.</summary>
    public required IReadOnlyList<MusicTask> Tasks { get; init; }

    /// <summary>Files that failed to parse or tokenize, ordered by relative path; they were skipped.</summary>
    public required IReadOnlyList<CorpusFailure> Failures { get; init; }

    /// <summary>MIDI files found (.mid and .midi, any case).</summary>
    public required int FilesTotal { get; init; }

    /// <summary>Files parsed now (the rest came from the cache).</summary>
    public required int FilesParsed { get; init; }

    /// <summary>Files whose tokens came from the cache without reading the MIDI file.</summary>
    public required int FilesFromCache { get; init; }

    /// <summary>Files that parsed but held no phrase (no pitched notes, or too few events).</summary>
    public required int FilesWithoutPhrases { get; init; }

    /// <summary>The cache file used (read or written); null when caching was off or impossible.</summary>
    public string? CachePath { get; init; }

    /// <summary>Why the cache could not be read or written (corrupt, not writable); null when all went well.</summary>
    public string? CacheProblem { get; init; }

    /// <summary>Wall-clock time of the load.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Share of files that parsed (1 for an empty corpus).</summary>
    public double ParseRate => FilesTotal == 0 ? 1 : (FilesTotal - Failures.Count) / (double)FilesTotal;
}
