using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

public sealed class PerformanceTokenizerTests
{
    private readonly PerformanceTokenizer _tokenizer = new();

    [Fact]
    public void Single_note_encodes_as_velocity_note_on_time_shift_note_off()
    {
        var tokens = _tokenizer.Encode([new Note(60, 100, 1.0, 1.5)]);

        Assert.Equal([Vocabulary.Velocity(25), Vocabulary.NoteOn(60), Vocabulary.TimeShift(50), Vocabulary.NoteOff(60)], tokens);
    }

    [Fact]
    public void Gap_longer_than_one_second_takes_several_time_shifts()
    {
        var tokens = _tokenizer.Encode([new Note(60, 100, 0, 0.1), new Note(62, 100, 2.6, 2.7)]);

        // 0.1 s note, then 2.5 s of silence: TIME_SHIFT(1 s), TIME_SHIFT(1 s), TIME_SHIFT(0.5 s).
        Assert.Equal(
            [Vocabulary.Velocity(25), Vocabulary.NoteOn(60), Vocabulary.TimeShift(10), Vocabulary.NoteOff(60),
             Vocabulary.TimeShift(100), Vocabulary.TimeShift(100), Vocabulary.TimeShift(50),
             Vocabulary.NoteOn(62), Vocabulary.TimeShift(10), Vocabulary.NoteOff(62)],
            tokens);
    }

    [Fact]
    public void Velocity_token_appears_only_when_the_bin_changes()
    {
        var tokens = _tokenizer.Encode([new Note(60, 80, 0, 0.1), new Note(62, 81, 0.1, 0.2), new Note(64, 40, 0.2, 0.3)]);

        Assert.Equal(2, tokens.Count(Vocabulary.IsVelocity));
        Assert.Equal(Vocabulary.Velocity(10), tokens.Last(Vocabulary.IsVelocity));
    }

    [Fact]
    public void Monophonic_melody_round_trips_within_quantisation()
    {
        var melody = Enumerable.Range(0, 16)
            .Select(i => new Note(60 + i % 12, 30 + 5 * i, 0.253 * i, 0.253 * i + 0.2))
            .ToArray();

        AssertRoundTrip(melody);
    }

    [Fact]
    public void Chords_round_trip_within_quantisation()
    {
        Note[] chords =
        [
            new(48, 70, 0, 1), new(52, 70, 0, 1), new(55, 70, 0, 1), new(60, 110, 0, 0.5),
            new(50, 64, 1, 2.004), new(53, 64, 1, 2.004), new(57, 90, 1.002, 1.5), new(62, 20, 1.5, 2),
        ];

        AssertRoundTrip(chords);
    }

    [Fact]
    public void Long_rests_round_trip_within_quantisation()
    {
        Note[] sparse = [new(60, 64, 0, 0.25), new(67, 64, 1.75, 2), new(72, 64, 7.333, 7.5)];

        AssertRoundTrip(sparse);
    }

    [Fact]
    public void Overlapping_notes_of_one_pitch_restrike_at_the_later_onset()
    {
        var tokens = _tokenizer.Encode([new Note(60, 64, 0, 1), new Note(60, 64, 0.5, 0.8)]);
        var decoded = _tokenizer.Decode(tokens);

        Assert.Equal([new Note(60, 66, 0, 0.5), new Note(60, 66, 0.5, 0.8)], decoded, NoteComparer.Instance);
        var offThenOn = Array.IndexOf(tokens, Vocabulary.NoteOff(60));
        Assert.Equal(Vocabulary.NoteOn(60), tokens[offThenOn + 1]);
    }

    [Fact]
    public void Two_notes_of_one_pitch_starting_together_merge_into_the_longer_louder_one()
    {
        var decoded = _tokenizer.Decode(_tokenizer.Encode([new Note(60, 40, 0, 0.5), new Note(60, 100, 0, 1)]));

        Assert.Equal([new Note(60, 102, 0, 1)], decoded, NoteComparer.Instance);
    }

    [Fact]
    public void Note_that_never_ends_is_cut_at_max_note_seconds()
    {
        var tokenizer = new PerformanceTokenizer(new TokenizerOptions { MaxNoteSeconds = 4 });

        var decoded = tokenizer.Decode(tokenizer.Encode([new Note(60, 64, 0, 1e6)]));

        Assert.Equal(4, decoded.Single().End, 6);
    }

    [Fact]
    public void Zero_length_note_lasts_one_step()
    {
        var decoded = _tokenizer.Decode(_tokenizer.Encode([new Note(60, 64, 0.5, 0.5)]), 0.5);

        Assert.Equal(Vocabulary.TimeStepSeconds, decoded.Single().Duration, 6);
    }

    [Fact]
    public void Decoding_ignores_a_note_off_for_a_silent_pitch()
    {
        int[] tokens = [Vocabulary.NoteOff(61), Vocabulary.NoteOn(60), Vocabulary.TimeShift(10), Vocabulary.NoteOff(61), Vocabulary.NoteOff(60)];

        var decoded = _tokenizer.Decode(tokens);

        Assert.Equal([new Note(60, 64, 0, 0.1)], decoded, NoteComparer.Instance);
    }

    [Fact]
    public void Decoding_closes_notes_left_sounding_at_the_end()
    {
        int[] tokens = [Vocabulary.NoteOn(60), Vocabulary.TimeShift(20), Vocabulary.NoteOn(64)];

        var decoded = _tokenizer.Decode(tokens);

        Assert.Equal([new Note(60, 64, 0, 0.2), new Note(64, 64, 0.2, 0.21)], decoded, NoteComparer.Instance);
    }

    [Fact]
    public void Decoding_skips_special_tokens_and_refuses_unknown_ids()
    {
        var phrase = new Phrase(_tokenizer.Encode([new Note(60, 64, 0, 0.1)]));

        Assert.Single(_tokenizer.Decode(phrase.ToModelSequence()));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => _tokenizer.Decode([Vocabulary.NoteOn(60), 391]));
        Assert.Contains("index 1", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Drums_are_dropped_by_default_and_kept_on_request()
    {
        Note[] notes = [new(36, 100, 0, 0.1, Channel: 9), new(60, 100, 0, 0.1, Channel: 0)];

        Assert.Single(_tokenizer.Decode(_tokenizer.Encode(notes)));
        Assert.Equal(2, new PerformanceTokenizer(new TokenizerOptions { ExcludeDrums = false }).Encode(notes).Count(Vocabulary.IsNoteOn));
    }

    [Fact]
    public void Channel_and_track_filters_take_only_the_chosen_notes()
    {
        Note[] notes = [new(60, 100, 0, 0.1, Channel: 0, Track: 1), new(62, 100, 0, 0.1, Channel: 1, Track: 1), new(64, 100, 0, 0.1, Channel: 0, Track: 2)];

        var byChannel = new PerformanceTokenizer(new TokenizerOptions { Channels = new HashSet<int> { 1 } }).Encode(notes);
        var byTrack = new PerformanceTokenizer(new TokenizerOptions { Tracks = new HashSet<int> { 2 } }).Encode(notes);

        Assert.Equal([Vocabulary.NoteOn(62)], byChannel.Where(Vocabulary.IsNoteOn));
        Assert.Equal([Vocabulary.NoteOn(64)], byTrack.Where(Vocabulary.IsNoteOn));
    }

    [Fact]
    public void Encoding_with_an_origin_keeps_the_leading_silence()
    {
        var tokens = _tokenizer.Encode([new Note(60, 64, 1.5, 1.6)], 0);

        Assert.Equal([Vocabulary.TimeShift(100), Vocabulary.TimeShift(50)], tokens[..2]);
        Assert.Equal(1.5, _tokenizer.Decode(tokens).Single().Start, 6);
    }

    [Fact]
    public void Note_ending_before_it_starts_is_refused_with_its_times()
    {
        var error = Assert.Throws<ArgumentException>(() => _tokenizer.Encode([new Note(60, 64, 2, 1)]));

        Assert.Contains("before it starts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_input_encodes_to_no_tokens()
    {
        Assert.Empty(_tokenizer.Encode([]));
        Assert.Empty(_tokenizer.Decode([]));
    }

    private void AssertRoundTrip(IReadOnlyList<Note> notes)
    {
        var origin = notes.Min(n => n.Start);
        var decoded = _tokenizer.Decode(_tokenizer.Encode(notes), QuantisedNotes.Step(origin));

        Assert.Equal(QuantisedNotes.Expected(notes), decoded, NoteComparer.Instance);
    }
}
