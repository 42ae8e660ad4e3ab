using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Corpus;

public sealed class CorpusStatisticsTests
{
    [Fact]
    public void Counts_families_phrases_events_and_vocabulary_use()
    {
        var shortPhrase = new Phrase([Vocabulary.Velocity(20), Vocabulary.NoteOn(60), Vocabulary.TimeShift(25), Vocabulary.NoteOff(60)]);
        var longPhrase = new Phrase([Vocabulary.Velocity(20), Vocabulary.NoteOn(72), Vocabulary.NoteOn(48), Vocabulary.TimeShift(25), Vocabulary.NoteOff(48), Vocabulary.NoteOff(72)]);
        MusicTask[] tasks =
        [
            new("jigs", "jigs/a.mid", [shortPhrase, longPhrase]),
            new("reels", "reels/b.mid", [shortPhrase]),
            new("jigs", "jigs/c.mid", [longPhrase]),
        ];

        var statistics = CorpusStatistics.Compute(tasks);

        Assert.Equal(3, statistics.Tasks);
        Assert.Equal([KeyValuePair.Create("jigs", 2), KeyValuePair.Create("reels", 1)], statistics.Families);
        Assert.Equal((4, 20L), (statistics.Phrases, statistics.Events));
        Assert.Equal((5.0, 5.0), (statistics.MeanEventsPerPhrase, statistics.MedianEventsPerPhrase));
        Assert.Equal(8, statistics.DistinctTokens);
        Assert.Equal((48, 72), (statistics.LowestPitch, statistics.HighestPitch));
        Assert.Equal(KeyValuePair.Create("NOTE_ON", 6L), statistics.EventTypes[0]);
    }

    [Fact]
    public void No_tasks_give_zeros_and_no_pitch_range()
    {
        var statistics = CorpusStatistics.Compute([]);

        Assert.Equal((0, 0, 0L, 0.0), (statistics.Tasks, statistics.Phrases, statistics.Events, statistics.MedianEventsPerPhrase));
        Assert.Null(statistics.LowestPitch);
    }
}
