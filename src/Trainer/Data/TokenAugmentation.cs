using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Data;

/// <summary>
/// Augmentation directly on event tokens, so the sampler needs no notes: transposition shifts every NOTE_ON
/// and NOTE_OFF id by the same number of semitones (refused when a pitch would leave 0-127); tempo stretch
/// scales each run of consecutive TIME_SHIFTs (its total duration) and re-splits it into ≤ 1 s shifts, rounding
/// to the 10 ms grid, so note order and velocities never change.
/// </summary>
public static class TokenAugmentation
{
    /// <summary>The tokens transposed by <paramref name="semitones"/>, or null when a pitch would leave 0-127.</summary>
    public static int[]? Transpose(IReadOnlyList<int> tokens, int semitones)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var result = new int[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (Vocabulary.IsNoteOn(token) || Vocabulary.IsNoteOff(token))
            {
                var pitch = Vocabulary.PitchOf(token) + semitones;
                if (pitch is < 0 or > 127)
                {
                    return null;
                }

                token = Vocabulary.IsNoteOn(token) ? Vocabulary.NoteOn(pitch) : Vocabulary.NoteOff(pitch);
            }

            result[i] = token;
        }

        return result;
    }

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
