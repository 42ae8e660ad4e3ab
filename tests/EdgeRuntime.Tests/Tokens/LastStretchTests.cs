using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

/// <summary>
/// Playing that grows at its end is cut, from the start of its last stretch after a rest on, into the phrases the
/// whole of it gives: what lets listening ahead re-cut only that stretch instead of everything kept.
/// </summary>
public sealed class LastStretchTests
{
    private readonly PerformanceTokenizer _tokenizer = new();

    // Bursts of notes, with rests between them long and short (some under the segmenter's minimum phrase, some over
    // its 0.6 s rest), chords and notes held over later onsets.
    private static List<Note> Playing(int seed, int count)
    {
        var random = new Random(seed);
        var notes = new List<Note>();
        var t = 0.5;
        for (var i = 0; i < count; i++)
        {
            var length = 0.05 + (random.NextDouble() * 0.4);
            notes.Add(new Note(48 + random.Next(30), 30 + random.Next(90), t, t + length));
            if (random.Next(5) == 0)
            {
                notes.Add(new Note(40 + random.Next(10), 70, t, t + length + random.NextDouble()));
            }

            t += random.Next(6) switch
            {
                0 => 0.6 + (random.NextDouble() * 1.5),   // a rest, often long enough to end a phrase
                1 => 0.0,                                  // the next note with this one
                _ => 0.05 + (random.NextDouble() * 0.3),
            };
        }

        return notes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Cutting_from_the_last_stretch_of_what_came_before_gives_the_phrases_of_the_whole(int seed)
    {
        var segmenter = new PhraseSegmenter(_tokenizer);
        var all = Playing(seed, 160);
        var random = new Random(seed * 7);
        var checkedSplits = 0;
        for (var trial = 0; trial < 25; trial++)
        {
            var split = 10 + random.Next(all.Count - 20);
            var before = all.Take(split).ToList();
            segmenter.SegmentWithOrigins(before, keepShortLast: true, out var step);
            var tail = all.Where(n => PerformanceTokenizer.ToStep(n.Start, "start") >= step).ToList();

            var whole = segmenter.SegmentWithOrigins(all, keepShortLast: true);
            var fromTail = segmenter.SegmentWithOrigins(tail, keepShortLast: true);

            Assert.True(fromTail.Count <= whole.Count);
            var offset = whole.Count - fromTail.Count;
            for (var i = 0; i < fromTail.Count; i++)
            {
                Assert.Equal(whole[offset + i].OriginStep, fromTail[i].OriginStep);
                Assert.Equal(whole[offset + i].Phrase.Tokens, fromTail[i].Phrase.Tokens);
            }

            // The stretch's first phrase starts where the stretch does: nothing of it was lost to the phrase before.
            Assert.Equal(step, fromTail[0].OriginStep);
            checkedSplits += fromTail.Count < whole.Count ? 1 : 0;
        }

        Assert.True(checkedSplits > 10, $"only {checkedSplits} splits left earlier phrases out: the playing has too few rests to test this");
    }

    [Fact]
    public void Without_a_rest_the_last_stretch_is_all_of_it_and_without_notes_there_is_none()
    {
        var segmenter = new PhraseSegmenter(_tokenizer);
        var unbroken = Enumerable.Range(0, 40).Select(i => new Note(60 + (i % 12), 80, 1.0 + (i * 0.2), 1.15 + (i * 0.2))).ToList();

        segmenter.SegmentWithOrigins(unbroken, keepShortLast: true, out var unbrokenStep);
        segmenter.SegmentWithOrigins([], keepShortLast: true, out var noneStep);

        Assert.Equal(PerformanceTokenizer.ToStep(1.0, "start"), unbrokenStep);
        Assert.Equal(int.MinValue, noneStep);
    }
}
