using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// Turns notes into performance events (Oore et al. 2018) and back: TIME_SHIFT (10 ms steps, at most
/// 100 per token; longer gaps take several), VELOCITY (only when the bin changes), NOTE_ON, NOTE_OFF.
/// <para>Policies, chosen so that <c>Encode(Decode(tokens))</c> gives the same tokens back:</para>
/// <list type="bullet">
/// <item>Times are quantised independently to the 10 ms grid (rounding), so errors never accumulate:
/// every onset and release is within 5 ms of the original.</item>
/// <item>At one time step all NOTE_OFFs come first (by pitch), then the NOTE_ONs (by pitch).</item>
/// <item>Zero-length notes last one step; notes longer than <see cref="TokenizerOptions.MaxNoteSeconds"/>
/// (including notes that never end) are cut there.</item>
/// <item>Overlapping notes of one pitch: the later onset re-strikes the key, so the earlier note ends
/// there (NOTE_OFF, then NOTE_ON at the new onset). Two notes of one pitch starting on the same step
/// (a unison of two voices) become one note with the longer release and the louder velocity.</item>
/// <item>Decoding is <see cref="NoteStreamDecoder"/>'s, the same the live answer uses: it ignores a NOTE_OFF for a
/// pitch that is not sounding and the special tokens (PAD, BOS, EOS); a NOTE_ON for a sounding pitch re-strikes it
/// (unless it sounded on the same step); every note lasts at least one step; notes still sounding at the end close
/// at the final time.</item>
/// </list>
/// Channels and tracks are not encoded: decoded notes are on channel 0, track 0.
/// </summary>
public sealed class PerformanceTokenizer
{
    // Quantised times above this many steps (about 24 days) are refused instead of overflowing.
    private const int MaxSteps = int.MaxValue / 4;

    /// <summary>Creates a tokenizer; <paramref name="options"/> defaults to <see cref="TokenizerOptions"/>'s defaults.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public PerformanceTokenizer(TokenizerOptions? options = null)
    {
        Options = options ?? new TokenizerOptions();
        if (!(Options.MaxNoteSeconds >= Vocabulary.TimeStepSeconds))
        {
            throw new ArgumentException($"MaxNoteSeconds must be at least one time step ({Vocabulary.TimeStepSeconds} s), got {Options.MaxNoteSeconds}.", nameof(options));
        }

        if (Options.DefaultVelocity is < 1 or > 127)
        {
            throw new ArgumentException($"DefaultVelocity must be 1-127, got {Options.DefaultVelocity}.", nameof(options));
        }
    }

    /// <summary>The options this tokenizer applies.</summary>
    public TokenizerOptions Options { get; }

    /// <summary>
    /// Encodes notes as events. The clock starts at the first onset, so there is no leading TIME_SHIFT;
    /// decode with <c>startSeconds</c> = that onset (rounded to 10 ms) to restore absolute times.
    /// </summary>
    /// <returns>Event tokens; empty when no note passes the channel/track filter.</returns>
    /// <exception cref="ArgumentException">A note has a pitch outside 0-127, a non-finite time, or ends before it starts.</exception>
    public int[] Encode(IReadOnlyList<Note> notes)
    {
        var quantized = Quantize(notes);
        if (quantized.Count == 0)
        {
            return [];
        }

        var output = new List<int>(quantized.Count * 3);
        EncodeQuantized(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(quantized), quantized[0].OnStep, int.MaxValue, output);
        return [.. output];
    }

    /// <summary>Encodes notes with the clock starting at <paramref name="originSeconds"/> (leading silence becomes TIME_SHIFTs).</summary>
    /// <exception cref="ArgumentException">A note starts before the origin, or a note is invalid as in <see cref="Encode(IReadOnlyList{Note})"/>.</exception>
    public int[] Encode(IReadOnlyList<Note> notes, double originSeconds)
    {
        var originStep = ToStep(originSeconds, nameof(originSeconds));
        var quantized = Quantize(notes);
        if (quantized.Count > 0 && quantized[0].OnStep < originStep)
        {
            throw new ArgumentException($"A note starts at {quantized[0].OnStep * Vocabulary.TimeStepSeconds:0.###} s, before the origin {originSeconds:0.###} s.", nameof(notes));
        }

        var output = new List<int>(quantized.Count * 3 + 1);
        EncodeQuantized(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(quantized), originStep, int.MaxValue, output);
        return [.. output];
    }

    /// <summary>Decodes events into notes sorted by onset, then pitch.</summary>
    /// <param name="tokens">Event tokens; special tokens are skipped.</param>
    /// <param name="startSeconds">Time of the first event.</param>
    /// <exception cref="ArgumentOutOfRangeException">A token is not an id of <see cref="Vocabulary"/>.</exception>
    public IReadOnlyList<Note> Decode(ReadOnlySpan<int> tokens, double startSeconds = 0)
    {
        var notes = new List<Note>();
        var decoder = new NoteStreamDecoder(Options.DefaultVelocity);
        for (var i = 0; i < tokens.Length; i++)
        {
            if (tokens[i] is < 0 or >= Vocabulary.Size)
            {
                throw new ArgumentOutOfRangeException(nameof(tokens), $"Token {tokens[i]} at index {i} is not in the vocabulary (0-{Vocabulary.Size - 1}).");
            }

            var e = decoder.Feed(tokens[i]);
            Collect(e, notes, startSeconds);
            if (decoder.TryTakeRestrike(out _))
            {
                continue;   // the onset is open in the decoder; it becomes a note when it ends
            }

            while (e.Kind == DecodedEventKind.Time && decoder.TryTakeDeferred(out var release))
            {
                Collect(release, notes, startSeconds);
            }
        }

        while (decoder.TryTakeClosing(out var release))
        {
            Collect(release, notes, startSeconds);
        }

        notes.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        return notes;
    }

    private static void Collect(in DecodedEvent e, List<Note> notes, double startSeconds)
    {
        if (e.Kind == DecodedEventKind.NoteOff)
        {
            notes.Add(MakeNote(e.Pitch, e.Velocity, e.OnsetStep, e.Step, startSeconds));
        }
    }

    /// <summary>
    /// Filters, quantises, caps and resolves same-pitch overlaps; the result is sorted by onset, then pitch.
    /// The segmenter works on this form so that its phrases encode exactly like <see cref="Encode(IReadOnlyList{Note})"/>.
    /// </summary>
    internal List<QuantizedNote> Quantize(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var resolved = new List<QuantizedNote>(notes.Count);
        Quantize(notes, new List<QuantizedNote>(notes.Count), resolved);
        return resolved;
    }

    /// <summary>
    /// <see cref="Quantize(IReadOnlyList{Note})"/> into <paramref name="resolved"/>, with <paramref name="kept"/> as its
    /// work list (both cleared first, reused by the caller: the live duet re-cuts its playing on every turn).
    /// </summary>
    internal void Quantize(IReadOnlyList<Note> notes, List<QuantizedNote> kept, List<QuantizedNote> resolved)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var maxLength = Math.Max(1, (int)Math.Round(Options.MaxNoteSeconds / Vocabulary.TimeStepSeconds));
        kept.Clear();
        resolved.Clear();
        for (var i = 0; i < notes.Count; i++)   // by index: a foreach over the interface would box its enumerator
        {
            var note = notes[i];
            if (!Takes(note))
            {
                continue;
            }

            if (note.Pitch is < 0 or > 127)
            {
                throw new ArgumentException($"Note pitch {note.Pitch} at {note.Start:0.###} s is outside 0-127.", nameof(notes));
            }

            if (note.End < note.Start)
            {
                throw new ArgumentException($"Note {note.Pitch} ends ({note.End:0.###} s) before it starts ({note.Start:0.###} s).", nameof(notes));
            }

            var on = ToStep(note.Start, nameof(notes));
            var off = Math.Clamp(ToStep(note.End, nameof(notes)), on + 1, on + maxLength);
            kept.Add(new QuantizedNote(note.Pitch, Vocabulary.BinOfVelocity(Math.Max(1, note.Velocity)), on, off));
        }

        // Same pitch: sort so that notes of one pitch are adjacent in onset order, then resolve pairwise.
        kept.Sort(static (a, b) => a.Pitch != b.Pitch ? a.Pitch.CompareTo(b.Pitch) : a.OnStep.CompareTo(b.OnStep));
        foreach (var note in kept)
        {
            if (resolved.Count > 0 && resolved[^1] is var previous && previous.Pitch == note.Pitch && note.OnStep < previous.OffStep)
            {
                if (note.OnStep == previous.OnStep)
                {
                    resolved[^1] = previous with
                    {
                        OffStep = Math.Max(previous.OffStep, note.OffStep),
                        VelocityBin = Math.Max(previous.VelocityBin, note.VelocityBin),
                    };
                    continue;
                }

                resolved[^1] = previous with { OffStep = note.OnStep };
            }

            resolved.Add(note);
        }

        resolved.Sort(static (a, b) => a.OnStep != b.OnStep ? a.OnStep.CompareTo(b.OnStep) : a.Pitch.CompareTo(b.Pitch));
    }

    /// <summary>
    /// Writes the events of quantised notes (sorted by onset, then pitch) to <paramref name="output"/>, the
    /// clock starting at <paramref name="originStep"/>. Releases after <paramref name="cutStep"/> are moved
    /// to it: a phrase boundary closes the notes still sounding.
    /// </summary>
    internal static void EncodeQuantized(ReadOnlySpan<QuantizedNote> notes, int originStep, int cutStep, List<int> output)
    {
        long[]? events = null;
        EncodeQuantized(notes, originStep, cutStep, output, ref events);
    }

    /// <summary>
    /// <see cref="EncodeQuantized(ReadOnlySpan{QuantizedNote}, int, int, List{int})"/> with the events sorted in
    /// <paramref name="scratch"/>, made or grown here when too small and otherwise reused (the segmenter encodes a
    /// phrase-sized prefix several times per phrase).
    /// </summary>
    internal static void EncodeQuantized(ReadOnlySpan<QuantizedNote> notes, int originStep, int cutStep, List<int> output, ref long[]? scratch)
    {
        if (scratch is null || scratch.Length < notes.Length * 2)
        {
            scratch = new long[Math.Max(notes.Length * 2, 64)];
        }

        // Events as (step, kind, pitch, bin) packed in a long so one sort orders them: step, then
        // NOTE_OFF (kind 0) before NOTE_ON (kind 1), then pitch.
        var events = scratch.AsSpan(0, notes.Length * 2);
        for (var i = 0; i < notes.Length; i++)
        {
            var note = notes[i];
            var off = Math.Min(note.OffStep, cutStep);
            events[2 * i] = Pack(off, 0, note.Pitch, 0);
            events[2 * i + 1] = Pack(note.OnStep, 1, note.Pitch, note.VelocityBin);
        }

        events.Sort();
        var step = originStep;
        var bin = -1;
        foreach (var packed in events)
        {
            var eventStep = (int)(packed >> 16);
            for (var gap = eventStep - step; gap > 0; gap -= Vocabulary.TimeShiftSteps)
            {
                output.Add(Vocabulary.TimeShift(Math.Min(gap, Vocabulary.TimeShiftSteps)));
            }

            step = eventStep;
            var pitch = (int)((packed >> 5) & 0x7F);
            if (((packed >> 12) & 1) == 0)
            {
                output.Add(Vocabulary.NoteOff(pitch));
                continue;
            }

            var velocityBin = (int)(packed & 0x1F);
            if (velocityBin != bin)
            {
                output.Add(Vocabulary.Velocity(velocityBin));
                bin = velocityBin;
            }

            output.Add(Vocabulary.NoteOn(pitch));
        }
    }

    private static long Pack(int step, int kind, int pitch, int bin) =>
        ((long)step << 16) | ((long)kind << 12) | ((long)pitch << 5) | (long)bin;

    /// <summary>Whether the channel and track filters keep <paramref name="note"/> (drums and unwanted tracks are left out).</summary>
    public bool Takes(Note note) =>
        !(Options.ExcludeDrums && note.Channel == 9)
        && (Options.Channels is null || Options.Channels.Contains(note.Channel))
        && (Options.Tracks is null || Options.Tracks.Contains(note.Track));

    internal static int ToStep(double seconds, string parameter)
    {
        var steps = Math.Round(seconds / Vocabulary.TimeStepSeconds);
        if (!double.IsFinite(steps) || Math.Abs(steps) > MaxSteps)
        {
            throw new ArgumentException($"Time {seconds} s is not a finite time within {MaxSteps * Vocabulary.TimeStepSeconds:0} s.", parameter);
        }

        return (int)steps;
    }

    private static Note MakeNote(int pitch, int velocity, int on, int off, double startSeconds) =>
        new(pitch, velocity, startSeconds + on * Vocabulary.TimeStepSeconds, startSeconds + off * Vocabulary.TimeStepSeconds);
}
