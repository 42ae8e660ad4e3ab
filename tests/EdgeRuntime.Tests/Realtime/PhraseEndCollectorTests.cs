using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

public sealed class PhraseEndCollectorTests
{
    [Fact]
    public void A_phrase_end_collects_only_after_a_megabyte_of_playing_allocated()
    {
        var allocated = 10_000L;
        var collector = new PhraseEndCollector(() => allocated);

        allocated += PhraseEndCollector.MinAllocatedBytes - 1;
        Assert.False(collector.CollectIfDue());

        var youngBefore = GC.CollectionCount(1);
        allocated += 1;
        Assert.True(collector.CollectIfDue());
        Assert.True(GC.CollectionCount(1) > youngBefore, "generations 0 and 1 were collected");

        allocated += PhraseEndCollector.MinAllocatedBytes / 2;   // counted from the collection, not from the start
        Assert.False(collector.CollectIfDue());
        Assert.Equal(1, collector.Collections);
    }
}
