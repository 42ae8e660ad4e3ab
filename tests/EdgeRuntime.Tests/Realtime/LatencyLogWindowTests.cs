using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

public sealed class LatencyLogWindowTests
{
    [Fact]
    public void Since_returns_the_samples_after_the_mark_and_moves_it()
    {
        var log = new LatencyLog(8);
        long mark = 0;
        log.Add(1);
        log.Add(2);
        Assert.Equal([1.0, 2.0], log.Since(ref mark));
        Assert.Equal(2, mark);
        Assert.Empty(log.Since(ref mark));
        log.Add(3);
        Assert.Equal([3.0], log.Since(ref mark));
    }

    [Fact]
    public void Since_returns_only_what_the_ring_still_holds_when_the_reader_fell_behind()
    {
        var log = new LatencyLog(4);
        long mark = 0;
        for (var i = 1; i <= 10; i++)
        {
            log.Add(i);
        }

        Assert.Equal([7.0, 8.0, 9.0, 10.0], log.Since(ref mark));
        Assert.Equal(10, mark);
    }
}
