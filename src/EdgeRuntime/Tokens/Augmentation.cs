using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// Training-time augmentation: transposition on tokens and tempo stretch on notes (or on tokens, through
/// the tokenizer). A task sampler calls the <c>Random*</c> helpers with its own seeded <see cref="Random"/>
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
    /// Scales every onset and release by <paramref name="factor"/> (1.1 = 10 % slower, longer notes and gaps).
    /// Apply before encoding: the 10 ms grid then quantises the stretched times.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="factor"/> is not a positive finite number.</exception>
    public static IReadOnlyList<Note> Stretch(IReadOnlyList<Note> notes, double factor)
    {
        ArgumentNullException.ThrowIfNull(notes);
        if (!double.IsFinite(factor) || factor <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(factor), factor, "A tempo stretch factor must be a positive finite number.");
        }

        var result = new Note[notes.Count];
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = notes[i] with { Start = notes[i].Start * factor, End = notes[i].End * factor };
        }

        return result;
    }

    /// <summary>Stretches a phrase's tokens in time: decode, <see cref="Stretch"/>, encode with the same tokenizer.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A token is not in the vocabulary, or the factor is invalid.</exception>
    public static int[] StretchTokens(ReadOnlySpan<int> tokens, double factor, PerformanceTokenizer tokenizer)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        return tokenizer.Encode(Stretch(tokenizer.Decode(tokens), factor), 0);
    }

    /// <summary>Stretches by a factor drawn uniformly from [1 - <paramref name="maxDeviation"/>, 1 + <paramref name="maxDeviation"/>].</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDeviation"/> is not in [0, 1).</exception>
    public static int[] RandomStretchTokens(ReadOnlySpan<int> tokens, Random random, PerformanceTokenizer tokenizer, double maxDeviation = 0.1)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (maxDeviation is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxDeviation), maxDeviation, "The stretch deviation must be in [0, 1).");
        }

        return StretchTokens(tokens, 1 + (2 * random.NextDouble() - 1) * maxDeviation, tokenizer);
    }
}
