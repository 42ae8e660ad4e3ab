using EdgeMeta.EdgeRuntime.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

/// <summary>play --stats samples the resident set every few seconds: the runtime's number, without its garbage.</summary>
public sealed class ResidentSetTests
{
    [Fact]
    public void The_resident_set_read_from_statm_is_the_runtimes_and_reading_it_again_allocates_nothing()
    {
        using var residentSet = new ResidentSet();
        var first = residentSet.Bytes();
        var runtime = Environment.WorkingSet;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = residentSet.Bytes();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.InRange(first, runtime - (16L << 20), runtime + (16L << 20));   // the same pages, give or take the test's own growth
        Assert.True(again > 0);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(0, allocated);
        }
    }
}
