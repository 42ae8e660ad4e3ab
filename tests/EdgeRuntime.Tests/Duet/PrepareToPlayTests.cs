using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>
/// A duet prepared at load makes no large object (over 85,000 bytes, the kind whose sum starts a full collection)
/// when it adapts during the first phrases of a session, as the window fills.
/// </summary>
public sealed class PrepareToPlayTests
{
    private const int Features = 256;   // the shipped model's

    private static List<Note> Turn(int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, 28).Select(i => new Note(50 + random.Next(30), 40 + random.Next(80), 100 * seed + (i * 0.2), 100 * seed + (i * 0.2) + 0.15))];
    }

    private static long MostAllocatedByAnAdaptation(bool prepared)
    {
        var backbone = new FakeBackbone(Features);
        using var innerLoop = new InnerLoop(new InnerLoopSettings(Steps: 2, LearningRate: 0.1f));
        var duet = new DuetSession(backbone, backbone, new AdapterParameters(Vocabulary.Size, Features), innerLoop);
        if (prepared)
        {
            duet.PrepareToPlay();
        }

        var most = 0L;
        for (var turn = 1; turn <= 10; turn++)   // the window fills: 8 phrases of 57 positions
        {
            duet.Hear(Turn(turn));
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
