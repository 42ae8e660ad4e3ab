using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// How much of a generated response is copied from the support: the share of the response's n-event
/// windows (default 8, n-grams within a phrase) that occur somewhere in the support. 1 means a
/// collage of the support, 0 means nothing longer than n − 1 events was copied. Originality = 1 − this.
/// </summary>
public static class NGramOriginality
{
    /// <summary>Default n: eight events is about two notes with their timing and dynamics.</summary>
    public const int DefaultLength = 8;

    /// <summary>Share of the generated n-grams (counted with repetition) that occur in the support.</summary>
    /// <param name="generated">Responses.</param>
    /// <param name="support">What the method learnt from.</param>
    /// <param name="length">n.</param>
    /// <returns>The copied share in [0, 1], or null when no response is n events long.</returns>
    public static double? CopiedShare(IEnumerable<Phrase> generated, IEnumerable<Phrase> support, int length = DefaultLength)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(support);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(length);
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var phrase in support)
        {
            foreach (var gram in Grams(phrase, length))
            {
                known.Add(gram);
            }
        }

        var total = 0;
        var copied = 0;
        foreach (var phrase in generated)
        {
            foreach (var gram in Grams(phrase, length))
            {
                total++;
                if (known.Contains(gram))
                {
                    copied++;
                }
            }
        }

        return total == 0 ? null : (double)copied / total;
    }

    private static IEnumerable<string> Grams(Phrase phrase, int length)
    {
        for (var start = 0; start + length <= phrase.Tokens.Length; start++)
        {
            yield return string.Join(',', phrase.Tokens.Skip(start).Take(length));
        }
    }
}
