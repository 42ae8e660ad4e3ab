using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>How <see cref="CorpusLoader"/> turns a folder of MIDI files into tasks.</summary>
public sealed record CorpusOptions
{
    /// <summary>Which notes become events (channels, tracks, drums, note cap).</summary>
    public TokenizerOptions Tokenizer { get; init; } = new();

    /// <summary>Where pieces are cut into phrases.</summary>
    public SegmenterOptions Segmenter { get; init; } = new();

    /// <summary>Read and write the token cache. Default true; turn off to force a full parse.</summary>
    public bool UseCache { get; init; } = true;

    /// <summary>
    /// Where the token cache goes (one file per corpus and setting). Null means <c>$XDG_CACHE_HOME/edgemeta</c>,
    /// or <c>~/.cache/edgemeta</c> when that variable is unset.
    /// </summary>
    public string? CacheDirectory { get; init; }

    /// <summary>Files parsed at once; -1 (default) uses every core.</summary>
    public int MaxDegreeOfParallelism { get; init; } = -1;
}
