using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Data;

/// <summary>
/// Tempo stretch directly on event tokens, so the sampler needs no notes: each run of consecutive TIME_SHIFTs
/// (its total duration) is scaled and re-split into ≤ 1 s shifts, rounding to the 10 ms grid, so note order and
/// velocities never change (EdgeRuntime's Augmentation.StretchTokens re-quantises whole notes instead).
/// Transposition is EdgeRuntime's <see cref="Augmentation.Transpose"/>.
/// </summary>
public static class TokenAugmentation
{
    /// <summary>The tokens with every run of TIME_SHIFTs scaled by <paramref name="factor"/> (&gt; 0).</summary>
    public static int[] Stretch(IReadOnlyList<int> tokens, double factor)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(factor);
        var result = new List<int>(tokens.Count);
        var pendingSteps = 0;
        foreach (var token in tokens)
        {
            if (Vocabulary.IsTimeShift(token))
            {
                pendingSteps += Vocabulary.StepsOf(token);
                continue;
            }

            Flush(result, pendingSteps, factor);
            pendingSteps = 0;
            result.Add(token);
        }

        Flush(result, pendingSteps, factor);
        return [.. result];
    }

    private static void Flush(List<int> result, int steps, double factor)
    {
        if (steps == 0)
        {
            return;
        }

        // A pause never vanishes: at least one step survives so simultaneous and successive stay distinct.
        var scaled = Math.Max(1, (int)Math.Round(steps * factor, MidpointRounding.ToEven));
        while (scaled > 0)
        {
            var chunk = Math.Min(scaled, Vocabulary.TimeShiftSteps);
            result.Add(Vocabulary.TimeShift(chunk));
            scaled -= chunk;
        }
    }
}
