using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Soak;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

public sealed class PhraseBookTests
{
    private static Note N(int pitch, double start, double end) => new(pitch, 80, start, end);

    [Fact]
    public void Phrases_are_cut_at_silences_and_start_at_zero()
    {
        var notes = new[] { N(60, 10, 10.3), N(62, 10.3, 10.6), N(64, 10.6, 11), N(65, 11.5, 11.8), N(67, 11.8, 12), N(69, 12, 12.4) };
        var phrases = PhraseBook.Cut(notes, "x.mid");
        Assert.Equal(2, phrases.Count);
        Assert.Equal([60, 62, 64], phrases[0].Notes.Select(n => n.Pitch));
        Assert.Equal(0, phrases[1].Notes[0].Start, 9);
        Assert.Equal(0.9, phrases[1].Duration, 9);
        Assert.Equal("x.mid phrase 2", phrases[1].Source);
    }

    [Fact]
    public void A_held_note_bridges_a_gap_between_onsets()
    {
        // The onsets are 1 s apart but the first note sounds until the second starts: no silence, one phrase.
        var notes = new[] { N(48, 0, 1.0), N(60, 0, 0.2), N(62, 1.0, 1.2), N(64, 1.2, 1.4) };
        Assert.Single(PhraseBook.Cut(notes, "x"));
    }

    [Fact]
    public void Long_playing_without_a_rest_is_cut_at_the_note_bound_and_short_scraps_are_left_out()
    {
        var notes = Enumerable.Range(0, PhraseBook.MaxNotes + 2).Select(i => N(60 + (i % 12), i * 0.1, (i * 0.1) + 0.1)).ToList();
        var phrases = PhraseBook.Cut(notes, "x");
        Assert.Single(phrases);   // the 2 notes left over are fewer than MinNotes
        Assert.Equal(PhraseBook.MaxNotes, phrases[0].Notes.Count);
    }

    [Fact]
    public void The_example_performers_give_phrases_within_the_bounds()
    {
        var files = Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot(), "examples"), "*.mid");
        var phrases = PhraseBook.FromFiles(files);
        Assert.True(phrases.Count >= 10, $"{phrases.Count} phrases");
        Assert.All(phrases, p =>
        {
            Assert.InRange(p.Notes.Count, PhraseBook.MinNotes, PhraseBook.MaxNotes);
            Assert.InRange(p.Duration, 0, PhraseBook.MaxSeconds + 1 + 1e-9);
        });
    }
}
