using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Performances;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>
/// Cuts performers' files into phrases for the virtual performer: at every silence of at least
/// <see cref="Gap"/> seconds (shorter than the rest that ends a turn in <c>play</c>, so one phrase is one turn), and
/// at <see cref="MaxSeconds"/> or <see cref="MaxNotes"/>, so a call stays the length a player would leave for an answer.
/// </summary>
public static class PhraseBook
{
    /// <summary>Silence that separates phrases, seconds.</summary>
    public const double Gap = 0.45;

    /// <summary>Longest phrase, seconds.</summary>
    public const double MaxSeconds = 8;

    /// <summary>Most notes in a phrase.</summary>
    public const int MaxNotes = 48;

    /// <summary>Fewest notes in a phrase worth playing as a call.</summary>
    public const int MinNotes = 3;

    /// <summary>The phrases of every file, in file order.</summary>
    /// <exception cref="InvalidDataException">The files hold no phrase of <see cref="MinNotes"/> notes (names them).</exception>
    /// <exception cref="MidiFormatException">A file is malformed (names it).</exception>
    public static List<PerformerPhrase> FromFiles(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var names = paths.ToList();
        var phrases = names.SelectMany(p => Cut(PerformanceFile.Read(p).Where(n => n.Channel != 9).ToList(), Path.GetFileName(p))).ToList();
        return phrases.Count > 0 ? phrases
            : throw new InvalidDataException($"{string.Join(", ", names)}: no phrase of at least {MinNotes} pitched notes to play.");
    }

    /// <summary>Cuts <paramref name="notes"/> into phrases (see the type); each phrase starts at time 0.</summary>
    public static List<PerformerPhrase> Cut(IReadOnlyList<Note> notes, string source)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var sorted = notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToList();
        var phrases = new List<PerformerPhrase>();
        var current = new List<Note>();
        var soundingUntil = double.NegativeInfinity;
        foreach (var note in sorted)
        {
            var full = current.Count > 0 && (note.Start - current[0].Start > MaxSeconds || current.Count >= MaxNotes);
            if (current.Count > 0 && (note.Start - soundingUntil >= Gap || full))
            {
                Close(current, source, phrases);
                current = [];
                soundingUntil = double.NegativeInfinity;
            }

            current.Add(note);
            soundingUntil = Math.Max(soundingUntil, note.End);
        }

        Close(current, source, phrases);
        return phrases;
    }

    private static void Close(List<Note> notes, string source, List<PerformerPhrase> phrases)
    {
        if (notes.Count < MinNotes)
        {
            return;
        }

        var start = notes[0].Start;
        // A phrase cut at its length bound ends where its last note starts plus that note's own length, capped at the bound.
        var end = start + MaxSeconds + 1;
        phrases.Add(new PerformerPhrase(notes.Select(n => n with { Start = n.Start - start, End = Math.Min(n.End, end) - start, Channel = 0, Track = 0 }).ToList(), $"{source} phrase {phrases.Count + 1}"));
    }
}
