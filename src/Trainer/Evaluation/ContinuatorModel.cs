using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// A variable-order Markov model of a performer's notes in the manner of Pachet's Continuator (2003): every
/// note of the support is kept whole, as a (pitch, length, inter-onset interval, velocity) tuple, and indexed by
/// the pitches of the notes before it (orders 1..<see cref="MaxOrder"/> within a phrase). To continue, it takes
/// the longest context that matches the notes so far and draws one of the notes that followed it there (so
/// frequent continuations are drawn more often); when no pitch context matches it backs off to the same
/// contexts read as melodic intervals (a transposed match, the continuation shifted to fit), and finally to any
/// note of the support. What it plays is the performer's own material, recombined.
/// </summary>
public sealed class ContinuatorModel
{
    private readonly List<PlayedNote> _notes = [];
    private readonly List<int> _previous = []; // index of the preceding note in the same phrase, or -1
    private readonly List<double> _interOnset = []; // seconds from the preceding note's onset (a phrase's first note: its length)
    private readonly Dictionary<long, List<int>> _byPitches = [];
    private readonly Dictionary<long, List<int>> _byIntervals = [];

    /// <summary>Builds the model from notes in onset order within each phrase.</summary>
    /// <param name="notes">The support's notes (chord notes low to high).</param>
    /// <param name="maxOrder">Longest context, 1..8 notes.</param>
    public ContinuatorModel(IReadOnlyList<PlayedNote> notes, int maxOrder = 6)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxOrder, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxOrder, 8);
        MaxOrder = maxOrder;
        Span<int> context = stackalloc int[maxOrder + 1];
        for (var i = 0; i < notes.Count; i++)
        {
            _notes.Add(notes[i]);
            var start = i;
            while (start > 0 && notes[start - 1].Phrase == notes[i].Phrase && i - start < maxOrder)
            {
                start--;
            }

            _previous.Add(start < i ? i - 1 : -1);
            _interOnset.Add(start < i ? notes[i].Onset - notes[i - 1].Onset : notes[i].Duration);
            for (var order = 1; order <= i - start; order++)
            {
                for (var k = 0; k < order; k++)
                {
                    context[k] = notes[i - order + k].Pitch;
                }

                Add(_byPitches, PitchKey(context[..order]), i);
                if (order >= 2)
                {
                    Add(_byIntervals, IntervalKey(context[..order]), i);
                }
            }
        }
    }

    /// <summary>Longest context, in notes.</summary>
    public int MaxOrder { get; }

    /// <summary>Number of notes the model holds.</summary>
    public int Count => _notes.Count;

    /// <summary>
    /// Draws the next note after <paramref name="history"/> (the pitches played so far, oldest first): returns the
    /// chosen support note, the pitch to play it at (its own, or shifted for an interval match), its inter-onset
    /// interval in the support, and the order of the context that matched (0 = none).
    /// </summary>
    /// <exception cref="InvalidOperationException">The model holds no note.</exception>
    public (PlayedNote Note, int Pitch, double InterOnset, int Order) Next(ReadOnlySpan<int> history, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        if (_notes.Count == 0)
        {
            throw new InvalidOperationException("the Continuator has no notes to continue with");
        }

        var longest = Math.Min(MaxOrder, history.Length);
        for (var order = longest; order >= 1; order--)
        {
            if (_byPitches.TryGetValue(PitchKey(history[^order..]), out var continuations))
            {
                var index = continuations[random.Next(continuations.Count)];
                return (_notes[index], _notes[index].Pitch, _interOnset[index], order);
            }
        }

        for (var order = longest; order >= 2; order--)
        {
            if (_byIntervals.TryGetValue(IntervalKey(history[^order..]), out var continuations))
            {
                var index = continuations[random.Next(continuations.Count)];
                var note = _notes[index];
                var shift = history[^1] - _notes[_previous[index]].Pitch;
                return (note, Math.Clamp(note.Pitch + shift, 0, 127), _interOnset[index], order);
            }
        }

        var any = random.Next(_notes.Count);
        return (_notes[any], _notes[any].Pitch, _interOnset[any], 0);
    }

    private static void Add(Dictionary<long, List<int>> index, long key, int note)
    {
        if (!index.TryGetValue(key, out var list))
        {
            list = [];
            index.Add(key, list);
        }

        list.Add(note);
    }

    // Up to 8 pitches, 7 bits each, with the order in the top byte so that contexts of different orders never collide.
    private static long PitchKey(ReadOnlySpan<int> pitches)
    {
        var key = (long)pitches.Length << 56;
        for (var k = 0; k < pitches.Length; k++)
        {
            key |= (long)(pitches[k] & 0x7F) << (7 * k);
        }

        return key;
    }

    // The order − 1 intervals between the context's pitches, each clamped to ±63 and stored as 7 bits.
    private static long IntervalKey(ReadOnlySpan<int> pitches)
    {
        var key = ((long)pitches.Length << 56) | (1L << 55);
        for (var k = 1; k < pitches.Length; k++)
        {
            key |= (long)((Math.Clamp(pitches[k] - pitches[k - 1], -63, 63) + 64) & 0x7F) << (7 * (k - 1));
        }

        return key;
    }
}
