using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>The duet's phrasing, bounds and one-pass features on a small deterministic backbone.</summary>
public sealed class DuetSessionTests
{
    private const int F = 8;

    private static DuetSession NewDuet(FakeBackbone backbone, DuetSettings? settings = null)
    {
        var start = new AdapterParameters(Vocabulary.Size, F);
        return new DuetSession(backbone, backbone, start, new InnerLoop(new InnerLoopSettings(Steps: 2)), settings: settings);
    }

    // Notes every 250 ms (200 ms long) for the given time, two voices a sixth apart: no rest anywhere.
    private static List<Note> Unbroken(double seconds) =>
        [.. Enumerable.Range(0, (int)(seconds / 0.25)).SelectMany(i => new[]
        {
            new Note(60 + (i % 7), 80, i * 0.25, (i * 0.25) + 0.2, Track: 0),
            new Note(69 + (i % 5), 70, i * 0.25, (i * 0.25) + 0.2, Track: 1),
        })];

    [Fact]
    public void A_25_minute_performance_without_a_rest_is_heard_within_the_bounds_and_answered_for_the_usual_length()
    {
        var duet = NewDuet(new FakeBackbone(F));

        duet.Hear(Unbroken(25 * 60));
        duet.Adapt();
        var answer = duet.Respond(seed: 1);

        Assert.Equal(duet.Settings.PhrasesToAdapt, duet.Window.Count);
        Assert.All(duet.Window, p => Assert.InRange(p.Phrase.Length, 1, duet.Settings.Phrases.MaxEvents + 8));
        Assert.Equal(duet.Settings.MaxAnswerSeconds, answer.Plan.Seconds, 3);
        Assert.InRange(answer.Tokens.Length, 1, duet.Settings.MaxAnswerTokens + 128);
    }

    [Fact]
    public void Live_turns_and_the_whole_file_give_the_same_window_and_call()
    {
        // Three turns separated by 1 s rests, each long enough to be cut into phrases of at most 64 events.
        var turns = Enumerable.Range(0, 3).Select(t => Unbroken(6).Select(n => n with { Start = n.Start + (t * 7), End = n.End + (t * 7) }).ToList()).ToList();
        var offline = NewDuet(new FakeBackbone(F));
        var live = NewDuet(new FakeBackbone(F));

        offline.Hear(turns.SelectMany(t => t).ToList());
        foreach (var turn in turns)
        {
            live.Hear(turn);
        }

        Assert.Equal(offline.Window.Select(p => p.Phrase.Tokens), live.Window.Select(p => p.Phrase.Tokens));
        Assert.Equal(offline.CallSeconds, live.CallSeconds, 6);
        Assert.Equal(offline.Respond(seed: 3).Tokens, live.Respond(seed: 3).Tokens);
    }

    [Fact]
    public void Each_phrase_runs_through_the_backbone_once_and_the_answer_is_primed_from_its_state()
    {
        var backbone = new FakeBackbone(F);
        var duet = NewDuet(backbone);
        var first = Unbroken(4);
        duet.Hear(first);
        var sequenceRuns = backbone.SequenceRuns;
        duet.Hear(first.Select(n => n with { Start = n.Start + 6, End = n.End + 6 }).ToList());   // the same turn again

        backbone.Fed.Clear();
        duet.Adapt();
        duet.BeginAnswer();

        Assert.True(backbone.SequenceRuns - sequenceRuns <= 1, $"{backbone.SequenceRuns - sequenceRuns} new sequence runs for a phrase heard before");
        Assert.Empty(backbone.Fed);   // priming fed nothing step by step: the phrase's state was carried over
    }

    [Fact]
    public void An_answer_uses_the_adapter_published_before_it_started_and_a_later_one_only_from_the_next_answer()
    {
        var duet = NewDuet(new FakeBackbone(F));
        duet.Hear(Unbroken(4));
        var before = duet.BeginAnswer();
        duet.Adapt();
        var after = duet.BeginAnswer();

        Assert.Equal(0, before.AdapterVersion);
        Assert.Equal(1, after.AdapterVersion);
    }

    [Fact]
    public void An_adaptation_that_finishes_inside_an_answer_does_not_change_that_answer()
    {
        var random = new Random(2);
        var start = new AdapterParameters(Vocabulary.Size, F);
        foreach (var (_, _, data) in start.Tensors())
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() - 0.5);
            }
        }

        DuetSession Duet()
        {
            var backbone = new FakeBackbone(F);
            var duet = new DuetSession(backbone, backbone, start, new InnerLoop(new InnerLoopSettings(Steps: 5, LearningRate: 2f)), new SamplerSettings { Seed = 5 });
            duet.Hear(Unbroken(4));
            return duet;
        }

        var undisturbed = Duet().Respond().Tokens;

        var disturbed = Duet();
        var stream = new AnswerStream();
        var plan = disturbed.BeginAnswer();
        stream.Begin(disturbed, plan);
        for (var i = 0; i < 5 && stream.MoveNext(); i++)
        {
        }

        disturbed.Adapt();   // finishes in the middle of the answer
        while (stream.MoveNext())
        {
        }

        var adaptedFirst = Duet();
        adaptedFirst.Adapt();
        var adapted = adaptedFirst.Respond().Tokens;

        Assert.Equal(0, plan.AdapterVersion);
        Assert.Equal(undisturbed, stream.Tokens.ToArray());
        Assert.NotEqual(undisturbed, adapted);   // the adaptation does change the answer that starts after it
        Assert.Equal(1, disturbed.BeginAnswer().AdapterVersion);
    }
}
