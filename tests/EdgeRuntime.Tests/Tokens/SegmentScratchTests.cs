using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

/// <summary>
/// A cut with reused work lists gives the phrases of a fresh cut, and returns a phrase it is told it made before as
/// that phrase: what lets the live duet re-cut its playing every turn without allocating its phrases again.
/// </summary>
public sealed class SegmentScratchTests
{
    private static List<Note> Playing(int seed, int count)
    {
        var random = new Random(seed);
        var notes = new List<Note>();
        var t = 0.3;
        for (var i = 0; i < count; i++)
        {
            var length = 0.05 + (random.NextDouble() * 0.4);
            notes.Add(new Note(45 + random.Next(36), 30 + random.Next(90), t, t + length));
            if (random.Next(4) == 0)
            {
                notes.Add(new Note(40 + random.Next(10), 70, t, t + length + random.NextDouble()));
            }

            t += random.Next(7) == 0 ? 0.7 + random.NextDouble() : 0.04 + (random.NextDouble() * 0.3);
        }

        return notes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Cuts_with_one_scratch_give_the_phrases_of_fresh_cuts(int seed)
    {
        var segmenter = new PhraseSegmenter(new PerformanceTokenizer());
        var scratch = new SegmentScratch();
        foreach (var count in new[] { 300, 20, 150, 1, 90 })   // long then short, so stale contents would show
        {
            var notes = Playing(seed + count, count);

            var reused = segmenter.SegmentInto(notes, keepShortLast: true, scratch, out var reusedStep);
            var fresh = segmenter.SegmentWithOrigins(notes, keepShortLast: true, out var freshStep);

            Assert.Equal(fresh.Select(p => (p.Phrase.Tokens, p.OriginStep)), reused.Select(p => (p.Phrase.Tokens, p.OriginStep)));
            Assert.Equal(freshStep, reusedStep);
        }
    }

    [Fact]
    public void A_phrase_the_scratch_knows_comes_back_as_the_same_object_and_the_others_are_new()
    {
        var segmenter = new PhraseSegmenter(new PerformanceTokenizer());
        var notes = Playing(9, 200);
        var first = segmenter.Segment(notes, keepShortLast: true);
        Assert.True(first.Count >= 6);
        var known = first.Where((_, i) => i % 2 == 0).ToDictionary(p => string.Join(',', p.Tokens));
        var scratch = new SegmentScratch { Known = tokens => known.GetValueOrDefault(string.Join(',', tokens.ToArray())) };

        var again = segmenter.SegmentInto(notes, keepShortLast: true, scratch, out _);

        Assert.Equal(first.Count, again.Count);
        for (var i = 0; i < first.Count; i++)
        {
            Assert.Equal(first[i].Tokens, again[i].Phrase.Tokens);
            Assert.Equal(i % 2 == 0, ReferenceEquals(first[i], again[i].Phrase));
        }
    }
}
