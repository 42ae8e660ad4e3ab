using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>
/// The duet's adaptations take turns in three adapters, so an adaptation per phrase allocates no new adapter, and
/// none ever overwrites the adapter an answer is playing with. A duet prepared at load makes no large object (over
/// 85,000 bytes, the kind whose sum starts a full collection) when it adapts as the window fills.
/// </summary>
public sealed class AdapterRingTests
{
    private static List<Note> Turn(int seed, int notes = 20)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, notes).Select(i => new Note(50 + random.Next(30), 40 + random.Next(80), 100 * seed + (i * 0.2), 100 * seed + (i * 0.2) + 0.15))];
    }

    private static AdapterParameters Start(int featureSize)
    {
        var start = new AdapterParameters(Vocabulary.Size, featureSize);
        var random = new Random(3);
        for (var i = 0; i < start.HeadWeight.Length; i++)
        {
            start.HeadWeight[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        }

        return start;
    }

    [Fact]
    public void Adaptations_after_an_answer_began_leave_the_adapter_it_plays_with_as_it_was()
    {
        var backbone = new FakeBackbone(8);
        using var innerLoop = new InnerLoop(new InnerLoopSettings(Steps: 3, LearningRate: 0.5f));
        var duet = new DuetSession(backbone, backbone, Start(8), innerLoop);
        duet.Hear(Turn(1));
        duet.Adapt();
        duet.BeginAnswer();
        var playing = duet.Current.Adapter;
        var asItWas = playing.HeadWeight.ToArray();
        var seen = new HashSet<AdapterParameters>(ReferenceEqualityComparer.Instance) { playing };

        for (var turn = 2; turn < 8; turn++)
        {
            duet.Hear(Turn(turn));
            duet.Adapt();
            seen.Add(duet.Current.Adapter);
            Assert.NotSame(playing, duet.Current.Adapter);
        }

        Assert.Equal(asItWas, playing.HeadWeight);   // the answer begun before them still plays the adapter it took
        Assert.Equal(3, seen.Count);                 // the adaptations took turns in the other two
        Assert.NotEqual(asItWas, duet.Current.Adapter.HeadWeight);
    }

    [Fact]
    public void Adapting_on_a_new_phrase_allocates_no_new_adapter()
    {
        const int features = 256;   // the shipped model's: an adapter of 391 x 256 floats, 400 KB
        var backbone = new FakeBackbone(features);
        using var innerLoop = new InnerLoop(new InnerLoopSettings(Steps: 2, LearningRate: 0.1f), InnerLoopEngine.Auto);
        var duet = new DuetSession(backbone, backbone, Start(features), innerLoop);
        for (var turn = 1; turn <= 4; turn++)   // every adapter of the ring made, work buffers sized
        {
            duet.Hear(Turn(turn));
            duet.Adapt();
            duet.BeginAnswer();
        }

        duet.Hear(Turn(5));
        var before = GC.GetAllocatedBytesForCurrentThread();
        duet.Adapt();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        var adapterBytes = Vocabulary.Size * features * sizeof(float);
        Assert.True(allocated < adapterBytes / 4, $"an adaptation allocated {allocated:N0} bytes (an adapter is {adapterBytes:N0})");
    }

    [Fact]
    public void The_playing_side_never_takes_an_adapter_the_listening_side_is_writing()
    {
        var ring = new AdapterRing(new AdapterParameters(Vocabulary.Size, 4));
        var first = new AdapterParameters(Vocabulary.Size, 4);
        var published = new DuetState(first, 0, null, 0, 60);
        var torn = 0;
        var answers = 0;
        using var stop = new CancellationTokenSource();

        var listening = new Thread(() =>
        {
            for (var version = 1; !stop.IsCancellationRequested; version++)
            {
                var into = ring.Free(Volatile.Read(ref published).Adapter);
                Array.Fill(into.HeadBias, version);   // an adaptation writing its adapter
                Interlocked.Exchange(ref published, Volatile.Read(ref published) with { Adapter = into, AdapterVersion = version });
            }
        });
        listening.Start();
        var until = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < until || answers < 20_000)
        {
            var state = ring.Play(ref published);
            var bias = state.Adapter.HeadBias;
            var value = bias[0];
            for (var pass = 0; pass < 3; pass++)   // an answer's steps, reading the adapter throughout
            {
                if (bias[^1] != value || bias[bias.Length / 2] != value)
                {
                    torn++;
                }
            }

            answers++;
        }

        stop.Cancel();
        listening.Join();
        Assert.Equal(0, torn);
        Assert.True(Volatile.Read(ref published).AdapterVersion > 100, "the listening side adapted all along");
    }

    private static long MostAllocatedByAnAdaptation(bool prepared)
    {
        var backbone = new FakeBackbone(256);
        using var innerLoop = new InnerLoop(new InnerLoopSettings(Steps: 2, LearningRate: 0.1f));
        var duet = new DuetSession(backbone, backbone, new AdapterParameters(Vocabulary.Size, 256), innerLoop);
        if (prepared)
        {
            duet.PrepareToPlay();
        }

        var most = 0L;
        for (var turn = 1; turn <= 10; turn++)   // the window fills: 8 phrases of 57 positions
        {
            duet.Hear(Turn(turn, 28));
            duet.BeginAnswer();
            var before = GC.GetAllocatedBytesForCurrentThread();
            duet.Adapt();
            most = Math.Max(most, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        return most;
    }

    [Fact]
    public void Adaptations_as_the_window_fills_allocate_no_large_object_once_prepared()
    {
        var prepared = MostAllocatedByAnAdaptation(prepared: true);
        var unprepared = MostAllocatedByAnAdaptation(prepared: false);

        Assert.True(prepared < 85_000, $"a prepared duet's adaptation allocated {prepared:N0} bytes");
        Assert.True(unprepared > 85_000, $"without preparing, the first adaptations make the adapters and support arrays ({unprepared:N0} bytes): the test would not see a regression");
    }
}
