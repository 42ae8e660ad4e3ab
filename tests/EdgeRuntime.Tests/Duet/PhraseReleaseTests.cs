using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>
/// The duet reuses the arrays of its phrases' features once a phrase has left the window, but never those of a phrase
/// an answer may still prime from, and a released phrase refuses to be read instead of showing another's numbers.
/// </summary>
public sealed class PhraseReleaseTests
{
    private const int F = 8;

    // Turn k: ten notes, one every 200 ms, a pitch pattern of its own, 2 s after the turn before: one phrase each.
    private static List<Note> Turn(int k) => Turn(k, k * 4.0);

    // Turn k's pitch pattern played from `at` seconds.
    private static List<Note> Turn(int k, double at) =>
        [.. Enumerable.Range(0, 10).Select(i => new Note(50 + (((k * 5) + (i * 3)) % 30), 70, at + (i * 0.2), at + (i * 0.2) + 0.15))];

    private static DuetSession NewDuet() =>
        new(new FakeBackbone(F), new FakeBackbone(F), new AdapterParameters(Vocabulary.Size, F), new InnerLoop(new InnerLoopSettings(Steps: 1)),
            settings: new DuetSettings { PhrasesToAdapt = 2 });

    [Fact]
    public void A_phrase_that_left_the_window_is_released_and_its_arrays_go_to_the_next_phrase()
    {
        var duet = NewDuet();
        duet.Hear(Turn(0));
        var first = duet.Window[0];
        var firstFeatures = first.Features.ToArray();
        duet.Hear(Turn(1));
        Assert.False(first.IsReleased);   // still in the window of 2
        Assert.Equal(firstFeatures, first.Features.ToArray());

        duet.Hear(Turn(2));

        Assert.True(first.IsReleased);
        Assert.Throws<ObjectDisposedException>(() => first.Features.ToArray());
        Assert.All(duet.Window, p => Assert.False(p.IsReleased));
        Assert.Equal(2, duet.Window.Count);
    }

    [Fact]
    public void The_phrase_an_answer_took_as_its_primer_is_kept_until_the_next_answer()
    {
        var duet = NewDuet();
        duet.Hear(Turn(0));
        var primer = duet.Window[^1];
        duet.BeginAnswer();   // the playing side takes (and announces) the state whose primer this is
        for (var k = 1; k < 5; k++)
        {
            duet.Hear(Turn(k));
        }

        Assert.False(primer.IsReleased);   // long out of the window, but the answer under way may still read it
        Assert.Equal(F, primer.LastFeatures.Length);

        duet.BeginAnswer();   // a new answer takes the newest state
        duet.Hear(Turn(5));

        Assert.True(primer.IsReleased);
    }

    [Fact]
    public void Forgetting_releases_every_phrase_but_the_one_an_answer_took()
    {
        var duet = NewDuet();
        duet.Hear(Turn(0));
        duet.Hear(Turn(1));
        var older = duet.Window[0];
        var primer = duet.Window[1];
        duet.BeginAnswer();

        duet.Forget();

        Assert.True(older.IsReleased);
        Assert.False(primer.IsReleased);
        Assert.Empty(duet.Window);
    }

    [Fact]
    public void A_session_of_many_turns_keeps_its_window_equal_to_a_duet_that_heard_it_all_at_once()
    {
        var live = NewDuet();
        var all = new List<Note>();
        for (var k = 0; k < 30; k++)
        {
            live.Hear(Turn(k));
            all.AddRange(Turn(k));
        }

        var offline = NewDuet();
        offline.Hear(all);

        Assert.Equal(offline.Window.Select(p => p.Phrase.Tokens), live.Window.Select(p => p.Phrase.Tokens));
        for (var i = 0; i < offline.Window.Count; i++)
        {
            Assert.Equal(offline.Window[i].Features.ToArray(), live.Window[i].Features.ToArray());
            Assert.Equal(offline.Window[i].FinalState.ToArray(), live.Window[i].FinalState.ToArray());
        }
    }

    [Fact]
    public void An_answer_starting_while_the_performer_plays_on_never_primes_from_a_released_phrase()
    {
        // Two threads as on the box: the listening side hears turn after turn (and releases what leaves the window),
        // the playing side starts answers all along. (A primer is released two turns after it stops being the
        // published one, so a race needs the playing side to stall that long between reading the state and priming;
        // the tests above show the announced primer is kept, which makes that stall harmless. With the check taken
        // out this test still passed in a 1 s run: it guards the two sides working at once, not the stall.)
        var duet = new DuetSession(new FakeBackbone(F), new FakeBackbone(F), new AdapterParameters(Vocabulary.Size, F), innerLoop: null,
            settings: new DuetSettings { PhrasesToAdapt = 2 });
        duet.Hear(Turn(0));
        Exception? failure = null;
        var answers = 0;
        using var stop = new CancellationTokenSource();
        var playing = new Thread(() =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    duet.BeginAnswer();
                    answers++;
                }
            }
            catch (Exception ex)
            {
                failure = ex;
            }
        });
        playing.Start();
        var first = duet.Window[0];
        var turns = 1;
        var until = DateTime.UtcNow.AddSeconds(1);
        while ((DateTime.UtcNow < until || turns < 2_000) && failure is null)
        {
            duet.Hear(Turn(turns % 40, turns * 4.0));   // 40 patterns: phrases come back, most are new to the window
            turns++;
        }

        stop.Cancel();
        playing.Join();
        Assert.Null(failure);
        Assert.True(answers > 1_000, $"the playing side answered all along ({answers} answers)");
        Assert.True(first.IsReleased, "phrases were released and their arrays reused along the way");
    }
}
