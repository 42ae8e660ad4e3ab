namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// Training-time augmentation on tokens: transposition and tempo stretch. A task sampler calls the <c>Random*</c> helpers with its own seeded <see cref="Random"/>
/// so that a training run is reproducible.
/// <para>Out-of-range pitches are refused, never dropped: dropping notes would silently change the music,
/// so <see cref="Transpose"/> throws and <see cref="RandomTranspose"/> draws only shifts that fit.</para>
/// </summary>
public static class Augmentation
{
    /// <summary>
    /// The semitone shifts that keep every NOTE_ON/NOTE_OFF of <paramref name="tokens"/> inside 0-127.
    /// For a phrase without notes the range is (-127, 127).
    /// </summary>
    public static (int Min, int Max) TranspositionRange(ReadOnlySpan<int> tokens)
    {
        int low = 127, high = 0;
        foreach (var token in tokens)
        {
            if (Vocabulary.IsNoteOn(token) || Vocabulary.IsNoteOff(token))
            {
                var pitch = Vocabulary.PitchOf(token);
                low = Math.Min(low, pitch);
                high = Math.Max(high, pitch);
            }
        }

        return low > high ? (-127, 127) : (-low, 127 - high);
    }

    /// <summary>Shifts every NOTE_ON and NOTE_OFF by <paramref name="semitones"/>; other tokens are copied.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A pitch would leave 0-127 (see <see cref="TranspositionRange"/>).</exception>
    public static int[] Transpose(ReadOnlySpan<int> tokens, int semitones)
    {
        var (min, max) = TranspositionRange(tokens);
        if (semitones < min || semitones > max)
        {
            throw new ArgumentOutOfRangeException(nameof(semitones), semitones, $"Transposing by {semitones} semitones takes a pitch outside 0-127; this phrase allows {min} to {max}.");
        }

        var result = tokens.ToArray();
        for (var i = 0; i < result.Length; i++)
        {
            if (Vocabulary.IsNoteOn(result[i]) || Vocabulary.IsNoteOff(result[i]))
            {
                result[i] += semitones;
            }
        }

        return result;
    }

    /// <summary>
    /// Transposes by a shift drawn uniformly from [-<paramref name="maxSemitones"/>, <paramref name="maxSemitones"/>]
    /// intersected with the phrase's <see cref="TranspositionRange"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxSemitones"/> is negative.</exception>
    public static int[] RandomTranspose(ReadOnlySpan<int> tokens, Random random, int maxSemitones = 6)
    {
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegative(maxSemitones);
        var (min, max) = TranspositionRange(tokens);
        var shift = random.Next(Math.Max(min, -maxSemitones), Math.Min(max, maxSemitones) + 1);
        return Transpose(tokens, shift);
    }

    /// <summary>
    /// The one tempo stretch, on tokens (so the trainer's sampler needs no notes): each run of consecutive TIME_SHIFTs
    /// is scaled by <paramref name="factor"/> (1.1 = 10 % slower) and re-split into shifts of at most 1 s, rounding its
    /// total to the 10 ms grid, so note order and velocities never change. A pause never vanishes: at least one step
    /// survives, so simultaneous and successive stay distinct.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not a positive finite number.</exception>
    public static int[] StretchTokens(IReadOnlyList<int> tokens, double factor)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "A tempo stretch factor must be a positive finite number.");
        }

        var result = new List<int>(tokens.Count);
        var pendingSteps = 0;
        foreach (var token in tokens)
        {
            if (Vocabulary.IsTimeShift(token))
            {
                pendingSteps += Vocabulary.StepsOf(token);
                continue;
            }

            AddShifts(result, pendingSteps, factor);
            pendingSteps = 0;
            result.Add(token);
        }

        AddShifts(result, pendingSteps, factor);
        return [.. result];
    }

    private static void AddShifts(List<int> result, int steps, double factor)
    {
        if (steps == 0)
        {
            return;
        }

        var scaled = Math.Max(1, (int)Math.Round(steps * factor, MidpointRounding.ToEven));
        while (scaled > 0)
        {
            var chunk = Math.Min(scaled, Vocabulary.TimeShiftSteps);
            result.Add(Vocabulary.TimeShift(chunk));
            scaled -= chunk;
        }
    }
}
