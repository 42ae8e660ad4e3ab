using System.Globalization;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// How a performer plays, summarised from their notes: register (range and centre), texture (notes sounding at
/// once, legato or staccato), dynamics (velocity level and spread), pulse (the onset grid and beat from their
/// inter-onset intervals) and note lengths. Cheap to compute (one pass plus a small grid search), so the duet
/// can measure it when a phrase ends; <see cref="ToString"/> is the one-line summary for status lines.
/// </summary>
public sealed class PerformerStyle
{
    /// <summary>Inter-onset intervals are counted in grid steps up to this many (longer ones count as this many).</summary>
    public const int MaxGridSteps = 16;

    /// <summary>Onsets closer than this are one chord (one onset for the pulse).</summary>
    public const double ChordSeconds = 0.03;

    /// <summary>Overlaps shorter than this are a legato hand, not two voices (texture ignores them).</summary>
    public const double LegatoOverlapSeconds = 0.03;

    private const int Pitches = 128;
    private const double PhraseEndSeconds = 0.015; // a note ending this close to its phrase's end ends with it (one 10 ms step, rounding)
    private readonly double[] _gridShares = new double[MaxGridSteps];
    private readonly double[] _velocityShares = new double[Vocabulary.VelocityBins];
    private readonly int[] _byPitch;          // note pitches, ascending
    private readonly double[] _lengthByPitch; // their lengths, in the same order
    private readonly bool[] _endsPhraseByPitch; // whether each sounds until its phrase ends, in the same order
    private readonly int[] _voiceStart = new int[Pitches]; // per pitch: first index of its nearest notes in _byPitch
    private readonly StyleScratch _scratch;

    internal PerformerStyle(int capacity, StyleScratch? scratch = null)
    {
        _scratch = scratch ?? new StyleScratch(capacity);
        _byPitch = new int[capacity];
        _lengthByPitch = new double[capacity];
        _endsPhraseByPitch = new bool[capacity];
    }

    /// <summary>Notes the summary is made of.</summary>
    public int Notes { get; private set; }

    /// <summary>Lowest pitch played.</summary>
    public int LowestPitch { get; private set; }

    /// <summary>Highest pitch played.</summary>
    public int HighestPitch { get; private set; }

    /// <summary>Mean pitch (the centre of the register), MIDI note number.</summary>
    public double MeanPitch { get; private set; }

    /// <summary>Standard deviation of the pitches, semitones.</summary>
    public double PitchSpread { get; private set; }

    /// <summary>Mean number of notes sounding at each onset (the onset's own note included; legato overlaps ignored).</summary>
    public double MeanPolyphony { get; private set; }

    /// <summary>Most notes sounding at once (legato overlaps ignored): 1 is a single line.</summary>
    public int MaxPolyphony { get; private set; }

    /// <summary>Whether the performer plays one note at a time.</summary>
    public bool IsSingleLine => MaxPolyphony <= 1;

    /// <summary>Share of notes that overlap another note by more than 5 ms (the measure the evaluation reports).</summary>
    public double OverlapShare { get; private set; }

    /// <summary>Mean note length over the time to the next onset (capped at 2): about 1 legato, below 0.6 staccato.</summary>
    public double Articulation { get; private set; }

    /// <summary>Mean MIDI velocity.</summary>
    public double VelocityMean { get; private set; }

    /// <summary>Standard deviation of the velocities, MIDI units.</summary>
    public double VelocitySpread { get; private set; }

    /// <summary>The onset grid and beat.</summary>
    public Pulse Pulse { get; private set; }

    /// <summary>Median note length, seconds.</summary>
    public double MedianDurationSeconds { get; private set; }

    /// <summary>Standard deviation of the natural log of the note lengths (0 = all notes equally long).</summary>
    public double DurationLogSpread { get; private set; }

    /// <summary>Median note length in grid steps (0 without a pulse): the performer's note-length ratio.</summary>
    public double DurationInGridSteps => Pulse.IsKnown ? MedianDurationSeconds / Pulse.GridSeconds : 0;

    /// <summary>Share of notes per VELOCITY bin [<see cref="Vocabulary.VelocityBins"/>]: their dynamics as the vocabulary hears them.</summary>
    public IReadOnlyList<double> VelocityBinShares => _velocityShares;

    /// <summary>
    /// How many of their notes make one voice: notes / <see cref="MeanPolyphony"/> (all of them for a single line). The
    /// note lengths the steering allows an answer's note come from this many of their notes nearest to its pitch.
    /// </summary>
    public int VoiceNotes { get; private set; }

    /// <summary>Share of inter-onset intervals lasting k grid steps, at index k − 1, k = 1..<see cref="MaxGridSteps"/>; all 0 without a pulse.</summary>
    public IReadOnlyList<double> GridStepShares => _gridShares;

    /// <summary>The style of <paramref name="phrases"/> (each read with its own clock; intervals never cross phrases).</summary>
    /// <returns>The summary, or null when the phrases hold no note.</returns>
    public static PerformerStyle? Of(IEnumerable<Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        return Of(phrases as IReadOnlyList<Phrase> ?? phrases.ToArray(), new StyleWork());
    }

    /// <summary>
    /// <see cref="Of(IEnumerable{Phrase})"/> with the decoder and working arrays of <paramref name="work"/> (grown when
    /// too small, reused otherwise): the duet measures its window at every turn, and those were most of a style's bytes.
    /// The style keeps only what it reports. Single-threaded per <paramref name="work"/>; the style must not be
    /// measured again (only the sampler's own primer style is).
    /// </summary>
    internal static PerformerStyle? Of(IReadOnlyList<Phrase> phrases, StyleWork work)
    {
        var capacity = 1;
        for (var i = 0; i < phrases.Count; i++)
        {
            foreach (var token in phrases[i].Tokens)
            {
                capacity += Vocabulary.IsNoteOn(token) ? 1 : 0;
            }
        }

        var collector = work.CollectorFor(capacity);
        for (var i = 0; i < phrases.Count; i++)
        {
            collector.AcceptPhrase(phrases[i].Tokens);
        }

        var notes = collector.Notes;
        if (notes.IsEmpty)
        {
            return null;
        }

        var style = new PerformerStyle(notes.Length, work.ScratchFor(notes.Length));
        style.Measure(notes);
        return style;
    }

    /// <summary>The style of already decoded notes (in onset order within each phrase).</summary>
    /// <returns>The summary, or null without notes.</returns>
    public static PerformerStyle? FromNotes(ReadOnlySpan<PlayedNote> notes)
    {
        if (notes.IsEmpty)
        {
            return null;
        }

        var style = new PerformerStyle(notes.Length);
        style.Measure(notes);
        return style;
    }

    /// <summary>
    /// One of their note lengths near <paramref name="pitch"/>: from the <see cref="VoiceNotes"/> notes nearest to it in
    /// pitch (a waltz's bass notes for a bass note, its melody's for a melody note), the one at position
    /// <paramref name="position"/> (0 ≤ position &lt; 1) of them in pitch order. Seconds; 0 without notes. Allocation-free.
    /// </summary>
    public double NoteLengthNear(int pitch, double position)
    {
        if (Notes == 0)
        {
            return 0;
        }

        var start = _voiceStart[Math.Clamp(pitch, 0, Pitches - 1)];
        var offset = Math.Clamp((int)(position * VoiceNotes), 0, VoiceNotes - 1);
        return _lengthByPitch[start + offset];
    }

    /// <summary>
    /// Whether the note <see cref="NoteLengthNear"/> gives for the same arguments sounds until its phrase's last moment: the
    /// phrase may have been cut while it sounded (a segment of a longer performance), so its length is how long it had
    /// sounded by then, not where they let go of it.
    /// </summary>
    public bool EndsPhraseNear(int pitch, double position)
    {
        if (Notes == 0)
        {
            return false;
        }

        var start = _voiceStart[Math.Clamp(pitch, 0, Pitches - 1)];
        var offset = Math.Clamp((int)(position * VoiceNotes), 0, VoiceNotes - 1);
        return _endsPhraseByPitch[start + offset];
    }

    /// <summary>The length of their <paramref name="index"/>-th note in pitch order, seconds.</summary>
    public double LengthAt(int index) => _lengthByPitch[index];

    /// <summary>Where the <see cref="VoiceNotes"/> notes nearest to <paramref name="pitch"/> start among the notes in pitch order (two pitches with the same start share a voice).</summary>
    public int VoiceStart(int pitch) => _voiceStart[Math.Clamp(pitch, 0, Pitches - 1)];

    /// <summary>One line: register, texture, dynamics, pulse, note length.</summary>
    public override string ToString()
    {
        var texture = IsSingleLine ? "single line" : string.Create(CultureInfo.InvariantCulture, $"up to {MaxPolyphony} voices (mean {MeanPolyphony:F1})");
        var touch = Articulation >= 0.85 ? "legato" : Articulation < 0.6 ? "staccato" : "detached";
        var length = Pulse.IsKnown
            ? string.Create(CultureInfo.InvariantCulture, $"notes {DurationInGridSteps:F1} grid steps")
            : string.Create(CultureInfo.InvariantCulture, $"notes {MedianDurationSeconds * 1000:F0} ms");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Notes} notes · register {LowestPitch}–{HighestPitch} (centre {MeanPitch:F1}) · {texture}, {touch} {Articulation:F2} · velocity {VelocityMean:F0} ± {VelocitySpread:F0} · {Pulse} · {length}");
    }

    /// <summary>Measures <paramref name="notes"/> into this object; allocation-free when they fit the capacity.</summary>
    /// <exception cref="ArgumentException">More notes than this object was made for.</exception>
    internal void Measure(ReadOnlySpan<PlayedNote> notes)
    {
        if (notes.Length > _scratch.Durations.Length)
        {
            throw new ArgumentException($"{notes.Length} notes, capacity {_scratch.Durations.Length}", nameof(notes));
        }

        Notes = notes.Length;
        if (notes.IsEmpty)
        {
            return;
        }

        MeasureRegisterAndDynamics(notes);
        MeasureTexture(notes);
        var intervals = CollectInterOnsets(notes);
        Pulse = PulseDetector.Detect(notes, _scratch.InterOnsets.AsSpan(0, intervals), _scratch);
        MeasureLengths(notes, intervals);
        MeasureLengthsByPitch(notes);
    }

    private void MeasureRegisterAndDynamics(ReadOnlySpan<PlayedNote> notes)
    {
        int low = 127, high = 0;
        double pitchSum = 0, pitchSquares = 0, velocitySum = 0, velocitySquares = 0;
        foreach (var note in notes)
        {
            low = Math.Min(low, note.Pitch);
            high = Math.Max(high, note.Pitch);
            pitchSum += note.Pitch;
            pitchSquares += (double)note.Pitch * note.Pitch;
            velocitySum += note.Velocity;
            velocitySquares += (double)note.Velocity * note.Velocity;
        }

        Array.Clear(_velocityShares);
        foreach (var note in notes)
        {
            _velocityShares[Vocabulary.BinOfVelocity(note.Velocity)] += 1.0 / notes.Length;
        }

        var n = notes.Length;
        LowestPitch = low;
        HighestPitch = high;
        MeanPitch = pitchSum / n;
        PitchSpread = Math.Sqrt(Math.Max(0, (pitchSquares / n) - (MeanPitch * MeanPitch)));
        VelocityMean = velocitySum / n;
        VelocitySpread = Math.Sqrt(Math.Max(0, (velocitySquares / n) - (VelocityMean * VelocityMean)));
    }

    private void MeasureTexture(ReadOnlySpan<PlayedNote> notes)
    {
        // Notes are in onset order within a phrase, so the notes sounding at an onset all start at or before it:
        // look back a bounded number of notes (no phrase holds more voices than this window).
        const int Window = 64;
        var overlapping = _scratch.Overlapping.AsSpan(0, notes.Length);
        overlapping.Clear();
        var most = 1;
        double sounding = 0, articulation = 0;
        var articulated = 0;
        for (var i = 0; i < notes.Length; i++)
        {
            var note = notes[i];
            var count = 1;
            for (var j = i - 1; j >= 0 && j >= i - Window && notes[j].Phrase == note.Phrase; j--)
            {
                var other = notes[j];
                if (other.End - LegatoOverlapSeconds > note.Onset)
                {
                    count++;
                }

                if (Math.Min(other.End, note.End) - Math.Max(other.Onset, note.Onset) > 0.005)
                {
                    overlapping[i] = true;
                    overlapping[j] = true;
                }
            }

            most = Math.Max(most, count);
            sounding += count;
            var next = NextOnset(notes, i);
            if (next > 0)
            {
                articulation += Math.Min(note.Duration / next, 2);
                articulated++;
            }
        }

        var overlaps = 0;
        foreach (var flag in overlapping)
        {
            overlaps += flag ? 1 : 0;
        }

        MaxPolyphony = most;
        MeanPolyphony = sounding / notes.Length;
        OverlapShare = (double)overlaps / notes.Length;
        Articulation = articulated > 0 ? articulation / articulated : 1;
    }

    // Seconds from note i's onset to the next distinct onset of its phrase, 0 when it is the last.
    private static double NextOnset(ReadOnlySpan<PlayedNote> notes, int i)
    {
        for (var j = i + 1; j < notes.Length && notes[j].Phrase == notes[i].Phrase; j++)
        {
            var gap = notes[j].Onset - notes[i].Onset;
            if (gap > ChordSeconds)
            {
                return gap;
            }
        }

        return 0;
    }

    private int CollectInterOnsets(ReadOnlySpan<PlayedNote> notes)
    {
        var count = 0;
        var last = notes[0].Onset;
        for (var i = 1; i < notes.Length; i++)
        {
            if (notes[i].Phrase != notes[i - 1].Phrase)
            {
                last = notes[i].Onset;
                continue;
            }

            var gap = notes[i].Onset - last;
            if (gap > ChordSeconds)
            {
                _scratch.InterOnsets[count++] = gap;
                last = notes[i].Onset;
            }
        }

        return count;
    }

    private void MeasureLengths(ReadOnlySpan<PlayedNote> notes, int intervals)
    {
        var durations = _scratch.Durations.AsSpan(0, notes.Length);
        double logSum = 0, logSquares = 0;
        for (var i = 0; i < notes.Length; i++)
        {
            var seconds = Math.Max(notes[i].Duration, Vocabulary.TimeStepSeconds);
            durations[i] = seconds;
            var log = Math.Log(seconds);
            logSum += log;
            logSquares += log * log;
        }

        durations.Sort();
        var n = durations.Length;
        MedianDurationSeconds = n % 2 == 1 ? durations[n / 2] : (durations[(n / 2) - 1] + durations[n / 2]) / 2;
        var logMean = logSum / n;
        DurationLogSpread = Math.Sqrt(Math.Max(0, (logSquares / n) - (logMean * logMean)));

        Array.Clear(_gridShares);
        if (!Pulse.IsKnown || intervals == 0)
        {
            return;
        }

        foreach (var gap in _scratch.InterOnsets.AsSpan(0, intervals))
        {
            var steps = Math.Clamp((int)Math.Round(gap / Pulse.GridSeconds), 1, MaxGridSteps);
            _gridShares[steps - 1] += 1.0 / intervals;
        }
    }

    // Notes in pitch order with their lengths, and for each pitch where its voice's worth of nearest notes starts.
    private void MeasureLengthsByPitch(ReadOnlySpan<PlayedNote> notes)
    {
        var n = notes.Length;
        var pitches = _byPitch.AsSpan(0, n);
        var order = _scratch.Order.AsSpan(0, n);
        MarkPhraseEnds(notes, _scratch.EndsPhrase.AsSpan(0, n));
        for (var i = 0; i < n; i++)
        {
            pitches[i] = notes[i].Pitch;
            order[i] = i;
        }

        pitches.Sort(order);
        for (var k = 0; k < n; k++)
        {
            _lengthByPitch[k] = Math.Max(notes[order[k]].Duration, Vocabulary.TimeStepSeconds);
            _endsPhraseByPitch[k] = _scratch.EndsPhrase[order[k]];
        }

        VoiceNotes = Math.Clamp((int)Math.Round(n / Math.Max(MeanPolyphony, 1)), 1, n);
        var low = 0;    // window [low, low + VoiceNotes) of the notes nearest to p, slid up as p rises
        for (var p = 0; p < Pitches; p++)
        {
            while (low + VoiceNotes < n && p - pitches[low] > pitches[low + VoiceNotes] - p)
            {
                low++;
            }

            _voiceStart[p] = low;
        }
    }

    // Per note: whether it sounds until the last moment of its phrase (the notes of a phrase are contiguous).
    private static void MarkPhraseEnds(ReadOnlySpan<PlayedNote> notes, Span<bool> endsPhrase)
    {
        var first = 0;
        for (var i = 1; i <= notes.Length; i++)
        {
            if (i < notes.Length && notes[i].Phrase == notes[first].Phrase)
            {
                continue;
            }

            var end = double.NegativeInfinity;
            for (var j = first; j < i; j++)
            {
                end = Math.Max(end, notes[j].End);
            }

            for (var j = first; j < i; j++)
            {
                endsPhrase[j] = notes[j].End >= end - PhraseEndSeconds;
            }

            first = i;
        }
    }
}
