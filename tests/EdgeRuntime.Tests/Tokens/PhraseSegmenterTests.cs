using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

public sealed class PhraseSegmenterTests
{
    private readonly PerformanceTokenizer _tokenizer = new();

    [Fact]
    public void A_long_rest_ends_a_phrase()
    {
        var notes = Run(0, 12).Concat(Run(12 * 0.25 + 1.0, 12)).ToArray();

        var phrases = new PhraseSegmenter(_tokenizer).Segment(notes);

        Assert.Equal(2, phrases.Count);
        Assert.All(phrases, p => Assert.Equal(12, p.Tokens.Count(Vocabulary.IsNoteOn)));
        Assert.All(phrases, p => Assert.True(Vocabulary.IsVelocity(p.Tokens[0]), "each phrase starts with its own velocity"));
    }

    [Fact]
    public void A_short_rest_stays_inside_the_phrase()
    {
        var notes = Run(0, 12).Concat(Run(12 * 0.25 + 0.3, 12)).ToArray();

        Assert.Single(new PhraseSegmenter(_tokenizer).Segment(notes));
    }

    [Fact]
    public void A_rest_does_not_end_a_phrase_shorter_than_the_minimum()
    {
        var notes = Run(0, 2).Concat(Run(5, 12)).ToArray();

        var phrase = Assert.Single(new PhraseSegmenter(_tokenizer).Segment(notes));

        Assert.Equal(14, phrase.Tokens.Count(Vocabulary.IsNoteOn));
    }

    [Fact]
    public void Music_without_rests_is_cut_at_the_maximum_length_and_loses_no_note()
    {
        var notes = Run(0, 400);
        var segmenter = new PhraseSegmenter(_tokenizer, new SegmenterOptions { MaxEvents = 64, MinEvents = 1 });

        var phrases = segmenter.Segment(notes);

        Assert.True(phrases.Count >= 400 * 3 / 64);
        Assert.All(phrases, p => Assert.InRange(p.Length, 1, 64));
        Assert.Equal(400, phrases.Sum(p => p.Tokens.Count(Vocabulary.IsNoteOn)));
        Assert.True(phrases.Take(phrases.Count - 1).All(p => p.Length >= 60), "greedy cuts fill phrases");
    }

    [Fact]
    public void A_note_held_across_a_cut_is_released_at_the_cut()
    {
        // A drone under a fast melody: the cut must close it in the phrase that opened it.
        var notes = Run(0, 100).Append(new Note(36, 64, 0, 9)).ToArray();
        var segmenter = new PhraseSegmenter(_tokenizer, new SegmenterOptions { MaxEvents = 64, MinEvents = 1 });

        var phrases = segmenter.Segment(notes);

        Assert.True(phrases.Count > 1);
        Assert.All(phrases, p => Assert.Equal(p.Tokens.Count(Vocabulary.IsNoteOn), p.Tokens.Count(Vocabulary.IsNoteOff)));
        Assert.Equal(1, phrases.Sum(p => p.Tokens.Count(t => t == Vocabulary.NoteOn(36))));
        Assert.Equal(Vocabulary.NoteOff(36), phrases[0].Tokens.Last(t => Vocabulary.PitchOf(t) == 36 && Vocabulary.IsNoteOff(t)));
    }

    [Fact]
    public void Every_phrase_is_in_canonical_form()
    {
        var random = new Random(11);
        var notes = Enumerable.Range(0, 600)
            .Select(_ => new Note(random.Next(40, 90), random.Next(1, 128), random.NextDouble() * 60, 0))
            .Select(n => n with { End = n.Start + random.NextDouble() * 2 })
            .ToArray();

        var phrases = new PhraseSegmenter(_tokenizer).Segment(notes);

        Assert.NotEmpty(phrases);
        Assert.All(phrases, p => Assert.Equal(p.Tokens, _tokenizer.Encode(_tokenizer.Decode(p.Tokens))));
        Assert.All(phrases, p => Assert.InRange(p.Length, 16, 256));
    }

    [Fact]
    public void A_final_phrase_shorter_than_the_minimum_is_dropped()
    {
        var notes = Run(0, 12).Append(new Note(48, 64, 12 * 0.25 + 2, 12 * 0.25 + 3)).ToArray();

        var phrase = Assert.Single(new PhraseSegmenter(_tokenizer).Segment(notes));

        Assert.DoesNotContain(Vocabulary.NoteOn(48), phrase.Tokens);
    }

    [Fact]
    public void Inconsistent_options_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new PhraseSegmenter(_tokenizer, new SegmenterOptions { MinEvents = 300, MaxEvents = 256 }));
    }

    // Legato quarter notes at 240 bpm, cycling an octave.
    private static Note[] Run(double start, int count) =>
        Enumerable.Range(0, count).Select(i => new Note(60 + i % 12, 80, start + i * 0.25, start + (i + 1) * 0.25)).ToArray();
}
