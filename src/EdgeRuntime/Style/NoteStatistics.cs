namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// The note-level statistics the answer measures compare: histograms of pitch class, melodic interval,
/// inter-onset interval and note length, mean pitch and velocity, the overlap share, and the inter-onset
/// intervals and 8-note pitch patterns themselves. Intervals never cross phrases; chord notes (onsets within
/// <see cref="PerformerStyle.ChordSeconds"/>) share one onset for the inter-onset intervals.
/// </summary>
public sealed class NoteStatistics
{
    /// <summary>Melodic intervals are clamped to ±this many semitones.</summary>
    public const int MaxInterval = 12;

    /// <summary>Notes in a copied pattern.</summary>
    public const int PatternLength = 8;

    /// <summary>Time bins (inter-onset intervals and note lengths): half-octave edges from 20 ms to 5.12 s.</summary>
    public static IReadOnlyList<double> TimeEdges { get; } = Enumerable.Range(0, 17).Select(i => 0.02 * Math.Pow(2, i / 2.0)).ToArray();

    private NoteStatistics(PlayedNote[] notes)
    {
        Notes = notes.Length;
        var pitchClass = new double[12];
        var interval = new double[(2 * MaxInterval) + 1];
        var interOnset = new double[TimeEdges.Count + 1];
        var duration = new double[TimeEdges.Count + 1];
        var gaps = new List<double>();
        var patterns = new List<long>();
        var overlapping = new bool[notes.Length];
        for (var i = 0; i < notes.Length; i++)
        {
            var note = notes[i];
            pitchClass[note.Pitch % 12]++;
            duration[TimeBin(note.Duration)]++;
            var samePhrase = i > 0 && notes[i - 1].Phrase == note.Phrase;
            if (samePhrase)
            {
                interval[Math.Clamp(note.Pitch - notes[i - 1].Pitch, -MaxInterval, MaxInterval) + MaxInterval]++;
            }

            for (var j = i - 1; j >= 0 && notes[j].Phrase == note.Phrase && j >= i - 64; j--)
            {
                if (Math.Min(notes[j].End, note.End) - Math.Max(notes[j].Onset, note.Onset) > 0.005)
                {
                    overlapping[i] = overlapping[j] = true;
                }
            }

            if (i + 1 >= PatternLength && notes[i + 1 - PatternLength].Phrase == note.Phrase)
            {
                var key = 0L;
                for (var k = i + 1 - PatternLength; k <= i; k++)
                {
                    key = (key << 7) | (long)notes[k].Pitch;
                }

                patterns.Add(key);
            }
        }

        var lastOnset = double.NaN;
        for (var i = 0; i < notes.Length; i++)
        {
            if (i == 0 || notes[i].Phrase != notes[i - 1].Phrase)
            {
                lastOnset = notes[i].Onset;
                continue;
            }

            var gap = notes[i].Onset - lastOnset;
            if (gap > PerformerStyle.ChordSeconds)
            {
                gaps.Add(gap);
                interOnset[TimeBin(gap)]++;
                lastOnset = notes[i].Onset;
            }
        }

        PitchClass = pitchClass;
        Interval = interval;
        InterOnset = interOnset;
        Duration = duration;
        InterOnsetSeconds = gaps;
        Patterns = patterns;
        MeanPitch = notes.Length > 0 ? notes.Average(n => n.Pitch) : double.NaN;
        MeanVelocity = notes.Length > 0 ? notes.Average(n => n.Velocity) : double.NaN;
        OverlapShare = notes.Length > 0 ? (double)overlapping.Count(o => o) / notes.Length : double.NaN;
    }

    /// <summary>Number of notes.</summary>
    public int Notes { get; }

    /// <summary>Counts per pitch class C..B [12].</summary>
    public IReadOnlyList<double> PitchClass { get; }

    /// <summary>Counts per interval between successive notes, −12..+12 semitones [25].</summary>
    public IReadOnlyList<double> Interval { get; }

    /// <summary>Counts per inter-onset-interval bin [<see cref="TimeEdges"/>.Count + 1].</summary>
    public IReadOnlyList<double> InterOnset { get; }

    /// <summary>Counts per note-length bin [<see cref="TimeEdges"/>.Count + 1].</summary>
    public IReadOnlyList<double> Duration { get; }

    /// <summary>The inter-onset intervals, seconds.</summary>
    public IReadOnlyList<double> InterOnsetSeconds { get; }

    /// <summary>Every run of <see cref="PatternLength"/> successive pitches within a phrase, packed 7 bits per pitch.</summary>
    public IReadOnlyList<long> Patterns { get; }

    /// <summary>Mean pitch (NaN without notes).</summary>
    public double MeanPitch { get; }

    /// <summary>Mean MIDI velocity (NaN without notes).</summary>
    public double MeanVelocity { get; }

    /// <summary>Share of notes overlapping another by more than 5 ms (NaN without notes).</summary>
    public double OverlapShare { get; }

    /// <summary>The statistics of <paramref name="phrases"/>.</summary>
    public static NoteStatistics Of(IEnumerable<Tokens.Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var list = phrases as IReadOnlyCollection<Tokens.Phrase> ?? phrases.ToArray();
        var collector = new NoteCollector(Math.Max(1, list.Sum(p => p.Tokens.Count(Tokens.Vocabulary.IsNoteOn))));
        foreach (var phrase in list)
        {
            collector.AcceptPhrase(phrase.Tokens);
        }

        // Onset order within a phrase, chord notes low to high, so patterns read the same however a chord was tokenised.
        var notes = collector.Notes.ToArray();
        Array.Sort(notes, (a, b) => a.Phrase != b.Phrase ? a.Phrase.CompareTo(b.Phrase) : a.Onset != b.Onset ? a.Onset.CompareTo(b.Onset) : a.Pitch.CompareTo(b.Pitch));
        return new NoteStatistics(notes);
    }

    private static int TimeBin(double seconds)
    {
        var bin = 0;
        while (bin < TimeEdges.Count && seconds >= TimeEdges[bin] - 1e-9)
        {
            bin++;
        }

        return bin;
    }
}
