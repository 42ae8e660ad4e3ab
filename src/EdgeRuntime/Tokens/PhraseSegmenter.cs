using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// Cuts a piece into phrases: at rests of at least <see cref="SegmenterOptions.RestSeconds"/> and, where a
/// stretch of music has no such rest, at the latest onset that keeps the phrase within
/// <see cref="SegmenterOptions.MaxEvents"/>. A note belongs to the phrase of its onset; a note still sounding at
/// a cut is released there, so every phrase closes each note it opens. Each phrase's clock starts at its first
/// onset and it carries its own first VELOCITY, so phrases stand alone (a performer's capture looks the same).
/// </summary>
public sealed class PhraseSegmenter
{
    private readonly PerformanceTokenizer _tokenizer;

    /// <summary>Creates a segmenter that encodes with <paramref name="tokenizer"/>.</summary>
    /// <exception cref="ArgumentException">The options are inconsistent (non-positive sizes, min above max, negative rest).</exception>
    public PhraseSegmenter(PerformanceTokenizer tokenizer, SegmenterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        _tokenizer = tokenizer;
        Options = options ?? new SegmenterOptions();
        if (Options.MaxEvents < 4 || Options.MinEvents < 0 || Options.MinEvents > Options.MaxEvents || !(Options.RestSeconds >= 0))
        {
            throw new ArgumentException($"Segmenter options need 4 <= MaxEvents, 0 <= MinEvents <= MaxEvents and RestSeconds >= 0; got {Options}.", nameof(options));
        }
    }

    /// <summary>The options this segmenter applies.</summary>
    public SegmenterOptions Options { get; }

    /// <summary>
    /// The performer's last phrase as they played it: the notes after the last silence of at least
    /// <see cref="SegmenterOptions.RestSeconds"/> (all notes when there is none). Unlike <see cref="Segment"/> it
    /// never cuts at <see cref="SegmenterOptions.MaxEvents"/>, because an answer should match the whole call.
    /// </summary>
    public IReadOnlyList<Note> LastCall(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var ordered = notes.OrderBy(n => n.Start).ToArray();
        return ordered[LastCallStart(ordered)..];
    }

    /// <summary>Where <see cref="LastCall"/> begins in <paramref name="ordered"/> (notes sorted by onset), without copying them.</summary>
    internal int LastCallStart(ReadOnlySpan<Note> ordered)
    {
        var first = 0;
        var soundingUntil = double.NegativeInfinity;
        for (var i = 0; i < ordered.Length; i++)
        {
            if (i > 0 && ordered[i].Start - soundingUntil >= Options.RestSeconds)
            {
                first = i;
            }

            soundingUntil = Math.Max(soundingUntil, ordered[i].End);
        }

        return first;
    }

    /// <summary>Splits <paramref name="notes"/> (any order) into phrases in playing order.</summary>
    /// <param name="notes">The notes.</param>
    /// <param name="keepShortLast">Keep a final phrase shorter than <see cref="SegmenterOptions.MinEvents"/> (the call a
    /// performer just played, which an answer is primed on) instead of dropping it as training does.</param>
    /// <exception cref="ArgumentException">A note is invalid (see <see cref="PerformanceTokenizer.Encode(IReadOnlyList{Note})"/>).</exception>
    public IReadOnlyList<Phrase> Segment(IReadOnlyList<Note> notes, bool keepShortLast = false) =>
        [.. SegmentWithOrigins(notes, keepShortLast).Select(p => p.Phrase)];

    /// <summary>
    /// <see cref="Segment"/>, each phrase with the 10 ms step of its first onset on the notes' clock (rounded as the
    /// tokenizer rounds), so a caller can tell which of a phrase's tokens lie before a given time.
    /// </summary>
    internal IReadOnlyList<(Phrase Phrase, int OriginStep)> SegmentWithOrigins(IReadOnlyList<Note> notes, bool keepShortLast) =>
        SegmentWithOrigins(notes, keepShortLast, out _);

    /// <summary>
    /// <see cref="SegmentWithOrigins(IReadOnlyList{Note}, bool)"/>, and the 10 ms step at which the last stretch that the
    /// segmenter begins at a rest starts (<see cref="int.MinValue"/> for no notes). Whether a rest starts a stretch
    /// depends only on the notes before it, and nothing sounds across such a rest, so playing that grows only at its end
    /// is cut from this step on exactly as the whole of it would be: a caller re-cutting it can start there instead of at
    /// its beginning.
    /// </summary>
    internal IReadOnlyList<(Phrase Phrase, int OriginStep)> SegmentWithOrigins(IReadOnlyList<Note> notes, bool keepShortLast, out int lastRestCutStep) =>
        SegmentInto(notes, keepShortLast, new SegmentScratch(), out lastRestCutStep);

    /// <summary>
    /// <see cref="SegmentWithOrigins(IReadOnlyList{Note}, bool, out int)"/> with the work lists of <paramref name="scratch"/>,
    /// whose <see cref="SegmentScratch.Phrases"/> it fills and returns (valid until the next cut with it). A phrase
    /// <see cref="SegmentScratch.Known"/> finds is returned as that phrase, not as a copy: a warm re-cut of playing
    /// heard before allocates only its new phrases.
    /// </summary>
    internal List<(Phrase Phrase, int OriginStep)> SegmentInto(IReadOnlyList<Note> notes, bool keepShortLast, SegmentScratch scratch, out int lastRestCutStep)
    {
        ArgumentNullException.ThrowIfNull(scratch);
        _tokenizer.Quantize(notes, scratch.Kept, scratch.Quantized);
        var all = CollectionsMarshal.AsSpan(scratch.Quantized);
        var phrases = scratch.Phrases;
        phrases.Clear();
        var buffer = scratch.Tokens;
        var stretches = RestSegments(all, scratch.Stretches);
        lastRestCutStep = stretches.Count == 0 ? int.MinValue : all[stretches[^1].Start].OnStep;
        foreach (var (start, end) in stretches)
        {
            var segment = all[start..end];
            while (!segment.IsEmpty)
            {
                var take = LongestPrefixWithinMax(segment, scratch);
                var cut = take < segment.Length ? segment[take].OnStep : int.MaxValue;
                buffer.Clear();
                PerformanceTokenizer.EncodeQuantized(segment[..take], segment[0].OnStep, cut, buffer, ref scratch.Events);
                var last = take == segment.Length && end == all.Length;
                if (buffer.Count >= Options.MinEvents || (keepShortLast && last && buffer.Count > 0))
                {
                    var tokens = CollectionsMarshal.AsSpan(buffer);
                    phrases.Add((scratch.Known?.Invoke(tokens) ?? new Phrase(tokens.ToArray()), segment[0].OnStep));
                }

                segment = segment[take..];
            }
        }

        return phrases;
    }

    /// <summary>Index ranges of stretches separated by rests, merging stretches too short to be phrases.</summary>
    private List<(int Start, int End)> RestSegments(ReadOnlySpan<QuantizedNote> notes, List<(int Start, int End)> segments)
    {
        var restSteps = (int)Math.Round(Options.RestSeconds / Vocabulary.TimeStepSeconds);
        segments.Clear();
        var start = 0;
        var soundingUntil = int.MinValue;
        for (var i = 0; i < notes.Length; i++)
        {
            // Cheap lower bound on the events so far (an ON and an OFF per note) decides "long enough".
            if (i > start && notes[i].OnStep - soundingUntil >= restSteps && 2 * (i - start) >= Options.MinEvents)
            {
                segments.Add((start, i));
                start = i;
            }

            soundingUntil = Math.Max(soundingUntil, notes[i].OffStep);
        }

        if (start < notes.Length)
        {
            segments.Add((start, notes.Length));
        }

        return segments;
    }

    /// <summary>
    /// Number of leading notes (whole onset groups) whose events, cut at the next onset, fit in MaxEvents.
    /// Event counts grow with the prefix, so a galloping then binary search over the onset-group boundaries
    /// needs O(log n) encodings of phrase-sized prefixes. A single onset group larger than MaxEvents is taken
    /// whole (splitting a chord would lose notes).
    /// </summary>
    private int LongestPrefixWithinMax(ReadOnlySpan<QuantizedNote> notes, SegmentScratch scratch)
    {
        var boundaries = scratch.Boundaries;
        boundaries.Clear();
        for (var i = 1; i <= notes.Length; i++)
        {
            if (i == notes.Length || notes[i].OnStep != notes[i - 1].OnStep)
            {
                boundaries.Add(i);
            }
        }

        if (!Fits(notes, boundaries[0], scratch))
        {
            return boundaries[0];
        }

        // Invariant: boundaries[low] fits; boundaries[high] does not (or high is past the end).
        var low = 0;
        var step = 1;
        while (low + step < boundaries.Count && Fits(notes, boundaries[low + step], scratch))
        {
            low += step;
            step *= 2;
        }

        var high = Math.Min(boundaries.Count, low + step);
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (Fits(notes, boundaries[middle], scratch))
            {
                low = middle;
            }
            else
            {
                high = middle;
            }
        }

        return boundaries[low];
    }

    private bool Fits(ReadOnlySpan<QuantizedNote> notes, int count, SegmentScratch scratch)
    {
        var buffer = scratch.Tokens;
        buffer.Clear();
        var cut = count < notes.Length ? notes[count].OnStep : int.MaxValue;
        PerformanceTokenizer.EncodeQuantized(notes[..count], notes[0].OnStep, cut, buffer, ref scratch.Events);
        return buffer.Count <= Options.MaxEvents;
    }
}
