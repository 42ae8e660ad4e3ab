namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>A corpus file that could not be turned into a task.</summary>
/// <param name="Path">Path of the file relative to the corpus folder.</param>
/// <param name="Reason">What went wrong (for MIDI errors: the byte offset and problem).</param>
public sealed record CorpusFailure(string Path, string Reason);
