using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Realtime;
using Xunit.Abstractions;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>
/// What a live turn allocates once the session is warm, on the shipped model, the way the box's listening thread
/// takes it: HearSoFar every few notes while the turn is played, Hear at its end, Adapt. A young collection pauses
/// every thread, the output thread among them, for a millisecond or more (README "Soak"), so the steady state of a
/// session has to allocate next to nothing: at the soak's pace (about 4 turns a minute) an hour of play must not fill
/// the young generation.
/// </summary>
public sealed class DuetAllocationTests(ITestOutputHelper output)
{
    private const int WarmTurns = 24;
    private const int MeasuredTurns = 24;

    // Turns like a performer's: 12-30 notes, some chords, a rest of 1-2 s between turns, 1-3 phrases each.
    private static List<List<Note>> Session(int turns)
    {
        var random = new Random(5);
        var session = new List<List<Note>>();
        var t = 0.7;
        for (var k = 0; k < turns; k++)
        {
            var turn = new List<Note>();
            var notes = 12 + random.Next(19);
            var chordEvery = random.Next(4);
            for (var i = 0; i < notes; i++)
            {
                var length = 0.08 + (random.NextDouble() * 0.3);
                var pitch = 55 + random.Next(20);
                turn.Add(new Note(pitch, 50 + random.Next(60), t, t + length));
                if (chordEvery > 0 && i % chordEvery == 0)
                {
                    turn.Add(new Note(pitch - 7, 55, t + 0.005, t + length + 0.2));
                }

                t += 0.12 + (random.NextDouble() * 0.2);
                if (i == notes / 2 && random.Next(2) == 0)
                {
                    t += 0.6;   // a rest inside the turn: two phrases
                }
            }

            session.Add(turn);
            t += 1.0 + random.NextDouble();
        }

        return session;
    }

    [Fact]
    public void On_the_shipped_model_a_warm_session_allocates_little_per_turn()
    {
        var model = ModelFolder.Load(TestModel.Find());
        using var listening = ModelFolder.OpenBackbone(model);
        using var playing = ModelFolder.OpenBackbone(model);
        var settings = new DuetSettings();
        using var innerLoop = new InnerLoop(settings.InnerLoopFor(model.InnerLoop));
        var duet = new DuetSession(listening, playing, model.InitialAdapter, innerLoop, new SamplerSettings { Seed = 3 }, settings);
        duet.PrepareToPlay();
        var session = Session(WarmTurns + MeasuredTurns);
        var soFar = new List<Note>();
        long hearSoFar = 0, hear = 0, adapt = 0;
        for (var k = 0; k < session.Count; k++)
        {
            var turn = session[k];
            var measured = k >= WarmTurns;
            // As the engine hands the turn on: after every 6 note messages (3 notes here, on and off).
            for (var i = 3; i < turn.Count; i += 3)
            {
                var now = turn[i].Start;
                soFar.Clear();
                foreach (var n in turn)
                {
                    if (n.Start < now)
                    {
                        soFar.Add(n.End > now ? n with { End = now } : n);
                    }
                }

                var before = GC.GetAllocatedBytesForCurrentThread();
                duet.HearSoFar(soFar, now);
                hearSoFar += measured ? GC.GetAllocatedBytesForCurrentThread() - before : 0;
            }

            var beforeHear = GC.GetAllocatedBytesForCurrentThread();
            duet.Hear(turn);
            var afterHear = GC.GetAllocatedBytesForCurrentThread();
            duet.Adapt();
            var afterAdapt = GC.GetAllocatedBytesForCurrentThread();
            if (measured)
            {
                hear += afterHear - beforeHear;
                adapt += afterAdapt - afterHear;
            }
        }

        var perTurn = (hearSoFar + hear + adapt) / MeasuredTurns;
        output.WriteLine($"per turn: HearSoFar {hearSoFar / MeasuredTurns} B, Hear {hear / MeasuredTurns} B, Adapt {adapt / MeasuredTurns} B, all {perTurn} B");
        Assert.Equal(8, duet.Window.Count);
        // Measured: 351 KB a turn before the duet reused its cuts, phrase arrays and style work, 17 KB after, 9.6 KB
        // with the inner loop's bindings made per adaptation instead of per step. At 20 KB, the soak's 260 turns an
        // hour allocate 5 MB, a third of the 16 MB young generation of the soak machine.
        Assert.True(perTurn < 20_000, $"A warm turn allocated {perTurn} bytes.");
    }
}
