namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// One musical phrase as performance-event tokens (no BOS/EOS; models add those).
/// Tasks are lists of phrases; a performer's capture is a list of phrases.
/// </summary>
/// <param name="Tokens">Event tokens from <see cref="Vocabulary"/>, in order.</param>
public sealed record Phrase(int[] Tokens)
{
    public int Length => Tokens.Length;

    /// <summary>BOS, the events, EOS: the sequence a model is trained on and scored against.</summary>
    public int[] ToModelSequence()
    {
        var sequence = new int[Tokens.Length + 2];
        sequence[0] = Vocabulary.Bos;
        Tokens.CopyTo(sequence, 1);
        sequence[^1] = Vocabulary.Eos;
        return sequence;
    }
}
