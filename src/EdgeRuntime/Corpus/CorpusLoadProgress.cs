namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>Progress of a corpus load, reported after each file.</summary>
/// <param name="FilesDone">Files finished so far (parsed, taken from the cache, or failed).</param>
/// <param name="FilesTotal">MIDI files in the corpus.</param>
public readonly record struct CorpusLoadProgress(int FilesDone, int FilesTotal);
