using System.Globalization;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Performances;

/// <summary>
/// A performer's MIDI file as the offline commands take it (respond, adapt, generate's prompt): read with the
/// given settings, every note checked to lie in a playable time range, and, when no phrase comes out of it,
/// a reason in words. Each message names the file, because the tokenizer and segmenter below cannot.
/// </summary>
public static class PerformanceFile
{
    /// <summary>
    /// Latest note time accepted: 24 hours. A performance is minutes long; a file whose notes lie months out
    /// (a tempo or delta-time byte damaged into 10^7 s) is refused here rather than deep in the tokenizer.
    /// </summary>
    public const double MaxSeconds = 24 * 60 * 60;

    /// <summary>Reads the notes of <paramref name="path"/>; see <see cref="Validate"/>.</summary>
    /// <exception cref="MidiFormatException">The file is malformed (message names file and offset).</exception>
    /// <exception cref="InvalidDataException">A note lies beyond <see cref="MaxSeconds"/> (message names the file).</exception>
    /// <exception cref="IOException">The file cannot be read, or is a folder or a device.</exception>
    public static IReadOnlyList<Note> Read(string path, MidiReadSettings? settings = null) =>
        Validate(MidiFile.Read(path, settings).ToNotes(), path);

    /// <summary>Returns <paramref name="notes"/> when every start and end is finite and within [0, <see cref="MaxSeconds"/>].</summary>
    /// <exception cref="InvalidDataException">A note lies outside that range; the message names <paramref name="source"/>, the note and its time.</exception>
    public static IReadOnlyList<Note> Validate(IReadOnlyList<Note> notes, string source)
    {
        ArgumentNullException.ThrowIfNull(notes);
        foreach (var note in notes)
        {
            if (!(note.Start >= 0 && note.End >= note.Start && note.End <= MaxSeconds))
            {
                throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                    $"{source}: note {note.Pitch} (channel {note.Channel + 1}, track {note.Track}) at {note.Start:G4}-{note.End:G4} s lies beyond the {MaxSeconds:0} s a performance may last; the file's tempo or timing is damaged"));
            }
        }

        return notes;
    }

    /// <summary>
    /// Why <paramref name="notes"/> give no phrase under these options, in words naming <paramref name="source"/>:
    /// "FILE: 3 notes (8 events), fewer than the 16 events a phrase needs", "FILE: 12 notes, all on channel 10
    /// (drums), which the model does not play", or "FILE: contains no notes". Call it when the segmenter returned
    /// no phrase, and throw <see cref="InvalidDataException"/> with the text.
    /// </summary>
    public static string WhyNoPhrases(IReadOnlyList<Note> notes, string source, TokenizerOptions tokenizerOptions, SegmenterOptions segmenterOptions)
    {
        ArgumentNullException.ThrowIfNull(notes);
        ArgumentNullException.ThrowIfNull(tokenizerOptions);
        ArgumentNullException.ThrowIfNull(segmenterOptions);
        if (notes.Count == 0)
        {
            return $"{source}: contains no notes";
        }

        var drums = notes.Count(n => n.Channel == 9);
        if (tokenizerOptions.ExcludeDrums && drums == notes.Count)
        {
            return $"{source}: {Count(notes.Count, "note")}, all on channel 10 (drums), which the model does not play";
        }

        var taken = notes.Where(n => !(tokenizerOptions.ExcludeDrums && n.Channel == 9)
            && (tokenizerOptions.Channels is null || tokenizerOptions.Channels.Contains(n.Channel))
            && (tokenizerOptions.Tracks is null || tokenizerOptions.Tracks.Contains(n.Track))).ToList();
        var drumsNote = tokenizerOptions.ExcludeDrums && drums > 0 ? $" ({Count(drums, "drum note")} on channel 10 left out)" : string.Empty;
        if (taken.Count == 0)
        {
            return $"{source}: {Count(notes.Count, "note")}, none on the channels and tracks taken{drumsNote}";
        }

        var events = new PerformanceTokenizer(tokenizerOptions).Encode(taken).Length;
        var need = segmenterOptions.MinEvents;
        return events < need
            ? $"{source}: {Count(taken.Count, "note")} ({Count(events, "event")}), fewer than the {need} events a phrase needs{drumsNote}"
            : $"{source}: {Count(taken.Count, "note")} ({Count(events, "event")} in all), but rests of {segmenterOptions.RestSeconds.ToString(CultureInfo.InvariantCulture)} s split them into pieces each shorter than the {need} events a phrase needs{drumsNote}";
    }

    private static string Count(int n, string noun) =>
        string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
