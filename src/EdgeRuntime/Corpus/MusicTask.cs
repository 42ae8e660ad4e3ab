using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>
/// A meta-learning task: one piece (one MIDI file) cut into phrases. Few-shot protocols take the
/// first K phrases as support and the rest as query.
/// </summary>
/// <param name="Family">Task family (the sub-folder, e.g. "jigs"; the corpus name when there is none).</param>
/// <param name="Name">Path of the source file relative to the corpus root.</param>
/// <param name="Phrases">The piece's phrases in playing order.</param>
public sealed record MusicTask(string Family, string Name, IReadOnlyList<Phrase> Phrases);
