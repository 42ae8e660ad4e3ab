using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tests.Realtime;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>
/// The live duet runs the backbone while the performer plays (HearSoFar), and the turn's end then gives exactly the
/// features, window and answer of a duet that heard the turn only at its end.
/// </summary>
public sealed class HearSoFarTests
{
    // Turns of the session: (onset, length, pitch, velocity) per note, on the performer's clock. Single-line runs,
    // chords, a sustained note over later onsets, a turn long enough to be cut at 64 events, and a two-note turn
    // (shorter than a phrase, so the next turn's rest does not cut it off).
    private static List<List<Note>> Session()
    {
        var random = new Random(21);
        var turns = new List<List<Note>>();
        var t = 1.3;
        foreach (var (notes, chordEvery) in new[] { (14, 0), (40, 3), (2, 0), (9, 2), (30, 0), (18, 4) })
        {
            var turn = new List<Note>();
            for (var i = 0; i < notes; i++)
            {
                var length = 0.05 + (random.NextDouble() * 0.3);
                var pitch = 55 + random.Next(24);
                turn.Add(new Note(pitch, 40 + random.Next(80), t, t + length));
                if (chordEvery > 0 && i % chordEvery == 0)
                {
                    turn.Add(new Note(pitch + 4, 60, t + 0.004, t + length + 0.4));   // held over the next onsets
                }

                t += 0.08 + (random.NextDouble() * 0.25);
            }

            turns.Add(turn);
            t += 1.2 + random.NextDouble();
        }

        return turns;
    }

    // What the live capture hands on while a turn is played: after each onset and release, the notes so far (keys
    // still down end at that time), then once more when the hands are off the keys.
    private static void PlayInto(DuetSession duet, List<Note> turn)
    {
        var times = turn.SelectMany(n => new[] { n.Start, n.End }).Order().Distinct().ToList();
        foreach (var now in times)
        {
            var soFar = turn.Where(n => n.Start <= now).Select(n => n.End > now ? n with { End = now } : n).ToList();
            duet.HearSoFar(soFar, now);
        }

        duet.HearSoFar(turn, turn.Max(n => n.End) + 0.03);
    }

    private static void AssertSameWindows(DuetSession expected, DuetSession actual)
    {
        Assert.Equal(expected.Window.Count, actual.Window.Count);
        for (var i = 0; i < expected.Window.Count; i++)
        {
            Assert.Equal(expected.Window[i].Phrase.Tokens, actual.Window[i].Phrase.Tokens);
            FeatureRunTests.AssertBitwiseEqual(expected.Window[i].Features, actual.Window[i].Features, $"features of window phrase {i}");
            FeatureRunTests.AssertBitwiseEqual(expected.Window[i].FinalState, actual.Window[i].FinalState, $"final state of window phrase {i}");
        }
    }

    private static void AssertSameAsAtTheEnd(Func<IFeatureBackbone> backbone, AdapterParameters start, InnerLoop innerLoop)
    {
        var atTheEnd = new CountingBackbone(backbone());
        var live = new CountingBackbone(backbone());
        var offline = new DuetSession(atTheEnd, atTheEnd, start, innerLoop, new SamplerSettings { Seed = 4 });
        var duet = new DuetSession(live, live, start, innerLoop, new SamplerSettings { Seed = 4 });

        foreach (var turn in Session())
        {
            offline.Hear(turn);
            offline.Adapt();

            PlayInto(duet, turn);
            var before = live.PositionsRun;
            var known = duet.Window.ToHashSet(ReferenceEqualityComparer.Instance);
            duet.Hear(turn);
            var atPhraseEnd = live.PositionsRun - before;
            var newPhrases = duet.Window.Count(w => !known.Contains(w)) + 1;   // + the call, when it is too short for the window
            duet.Adapt();

            AssertSameWindows(offline, duet);
            Assert.Equal(offline.CallSeconds, duet.CallSeconds);
            Assert.Equal(offline.Current.Adapter.HeadWeight, duet.Current.Adapter.HeadWeight);
            // What is left at the turn's end: at most the partial last block of each phrase the turn made.
            Assert.True(atPhraseEnd < FeatureRun.BlockPositions * newPhrases, $"{atPhraseEnd} positions run at the end of a turn that made {newPhrases - 1} new phrase(s)");
        }

        Assert.Equal(offline.Respond(seed: 9).Tokens, duet.Respond(seed: 9).Tokens);
    }

    [Fact]
    public void On_a_test_backbone_features_heard_while_playing_equal_the_features_computed_at_the_end()
    {
        var random = new Random(5);
        var start = new AdapterParameters(Vocabulary.Size, 8);
        foreach (var (_, _, data) in start.Tensors())
        {
            for (var i = 0; i < data.Length; i++)
            {
                data[i] = (float)(random.NextDouble() - 0.5) * 0.2f;
            }
        }

        using var innerLoop = new InnerLoop(new InnerLoopSettings(Steps: 3));
        AssertSameAsAtTheEnd(() => new FakeBackbone(8), start, innerLoop);
    }

    [Fact]
    public void On_the_shipped_model_features_heard_while_playing_equal_the_features_computed_at_the_end()
    {
        var model = ModelFolder.Load(TestModel.Find());
        var backbones = new List<OnnxBackbone>();
        try
        {
            using var innerLoop = new InnerLoop(model.InnerLoop);
            AssertSameAsAtTheEnd(() => { var b = ModelFolder.OpenBackbone(model); backbones.Add(b); return b; }, model.InitialAdapter, innerLoop);
        }
        finally
        {
            backbones.ForEach(b => b.Dispose());
        }
    }

    [Fact]
    public void Hearing_so_far_changes_nothing_an_answer_sees_until_the_turn_ends()
    {
        var backbone = new FakeBackbone(8);
        var duet = new DuetSession(backbone, backbone, new AdapterParameters(Vocabulary.Size, 8), new InnerLoop(new InnerLoopSettings(Steps: 2)));
        var turn = Session()[1];

        var ahead = duet.HearSoFar(turn, turn.Max(n => n.End) + 0.03);

        Assert.True(ahead > 0);
        Assert.Empty(duet.Window);
        Assert.Equal(0, duet.CallSeconds);
        Assert.Null(duet.Style);
    }

    [Fact]
    public void Playing_beyond_the_bound_is_not_heard_ahead_and_the_turns_end_still_hears_it_all()
    {
        var backbone = new FakeBackbone(8);
        var settings = new DuetSettings { MaxNotesHeardAhead = 60 };
        var duet = new DuetSession(backbone, backbone, new AdapterParameters(Vocabulary.Size, 8), new InnerLoop(new InnerLoopSettings(Steps: 2)), settings: settings);
        var turns = Session();
        duet.Hear(turns[1]);   // 40 notes and their chords kept as playing
        var turn = turns[4];   // 30 more: over the bound of 60

        var ahead = duet.HearSoFar(turn, turn.Max(n => n.End) + 0.03);
        duet.Hear(turn);

        Assert.Equal(0, ahead);
        Assert.True(duet.Window.Count >= 2, $"the turn's end still hears every phrase (window {duet.Window.Count})");
        Assert.True(new DuetSession(backbone, backbone, new AdapterParameters(Vocabulary.Size, 8), null).HearSoFar(turn, turn.Max(n => n.End) + 0.03) > 0,
            "within the default bound the same turn is heard ahead");
    }
}
