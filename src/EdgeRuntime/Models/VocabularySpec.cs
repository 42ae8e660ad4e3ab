namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>The token layout a model was trained on; the device refuses a model whose id differs from its own.</summary>
/// <param name="Id">Layout id, e.g. "performance-v1" (<see cref="Tokens.Vocabulary.Id"/>).</param>
/// <param name="Size">Number of token ids.</param>
/// <param name="Layout">Human description of the id ranges.</param>
public sealed record VocabularySpec(string Id, int Size, string Layout)
{
    /// <summary>The spec of this runtime's <see cref="Tokens.Vocabulary"/>.</summary>
    public static VocabularySpec Current { get; } = new(
        Tokens.Vocabulary.Id,
        Tokens.Vocabulary.Size,
        "0-127 NOTE_ON(pitch); 128-255 NOTE_OFF(pitch); 256-355 TIME_SHIFT(1..100 x 10 ms); 356-387 VELOCITY(32 bins of 4); 388 PAD; 389 BOS; 390 EOS");
}
