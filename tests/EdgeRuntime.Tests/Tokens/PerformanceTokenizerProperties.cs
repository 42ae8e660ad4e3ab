using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

/// <summary>Round-trip properties over random note lists: polyphony, silences, every velocity, times off the grid.</summary>
public sealed class PerformanceTokenizerProperties
{
    private static readonly PerformanceTokenizer Tokenizer = new();

    // Times in milliseconds (0-20 s onsets, 0-3 s lengths), so grid-unaligned values are common.
    private static Gen<Note> NoteGen() =>
        from pitch in Gen.Choose(0, 127)
        from velocity in Gen.Choose(1, 127)
        from startMs in Gen.Choose(0, 20_000)
        from lengthMs in Gen.Choose(0, 3_000)
        select new Note(pitch, velocity, startMs / 1000.0, (startMs + lengthMs) / 1000.0);

    [Property(MaxTest = 300)]
    public Property Random_notes_without_same_pitch_overlaps_round_trip_within_quantisation() =>
        Prop.ForAll(Gen.ArrayOf(NoteGen()).ToArbitrary(), notes =>
        {
            var kept = WithoutSamePitchOverlaps(notes);
            if (kept.Count == 0)
            {
                return Tokenizer.Encode(kept).Length == 0;
            }

            var origin = QuantisedNotes.Step(kept.Min(n => n.Start));
            var decoded = Tokenizer.Decode(Tokenizer.Encode(kept), origin);
            return decoded.SequenceEqual(QuantisedNotes.Expected(kept), NoteComparer.Instance);
        });

    [Property(MaxTest = 300)]
    public Property Encoding_is_canonical_so_decoded_tokens_encode_to_the_same_tokens() =>
        Prop.ForAll(Gen.ArrayOf(NoteGen()).ToArbitrary(), notes =>
        {
            var tokens = Tokenizer.Encode(notes);
            return Tokenizer.Encode(Tokenizer.Decode(tokens)).SequenceEqual(tokens);
        });

    [Property(MaxTest = 300)]
    public Property Every_note_on_is_matched_by_a_later_note_off() =>
        Prop.ForAll(Gen.ArrayOf(NoteGen()).ToArbitrary(), notes =>
        {
            var sounding = new bool[128];
            foreach (var token in Tokenizer.Encode(notes))
            {
                if (Vocabulary.IsNoteOn(token))
                {
                    if (sounding[Vocabulary.PitchOf(token)])
                    {
                        return false;
                    }

                    sounding[Vocabulary.PitchOf(token)] = true;
                }
                else if (Vocabulary.IsNoteOff(token))
                {
                    if (!sounding[Vocabulary.PitchOf(token)])
                    {
                        return false;
                    }

                    sounding[Vocabulary.PitchOf(token)] = false;
                }
            }

            return !sounding.Any(s => s);
        });

    // Keeps a note only if, on the 10 ms grid, it starts at or after the release of the last kept note of its pitch.
    private static List<Note> WithoutSamePitchOverlaps(Note[] notes)
    {
        var releaseStep = new double[128];
        Array.Fill(releaseStep, double.NegativeInfinity);
        var kept = new List<Note>();
        foreach (var note in notes.OrderBy(n => n.Start))
        {
            var start = Math.Round(note.Start / 0.01);
            if (start >= releaseStep[note.Pitch])
            {
                kept.Add(note);
                releaseStep[note.Pitch] = Math.Max(Math.Round(note.End / 0.01), start + 1);
            }
        }

        return kept;
    }
}
