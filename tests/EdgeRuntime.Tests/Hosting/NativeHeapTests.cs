using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Hosting;

namespace EdgeMeta.EdgeRuntime.Tests.Hosting;

/// <summary>
/// With the mapping threshold fixed, a large block keeps its own mapping (returned to the system when freed) even
/// after a block of the same size was freed; glibc's default would have raised the threshold at that free and served
/// the second block from the heap, where it stays resident after its free.
/// </summary>
public sealed class NativeHeapTests
{
    private const int OneMegabyte = 1 << 20;

    [SkippableFact]
    public unsafe void A_large_block_freed_does_not_move_the_next_one_onto_the_heap()
    {
        Skip.IfNot(NativeHeap.ReturnLargeBlocksToTheSystem(), "the threshold is glibc's; this C library is another");

        var first = NativeMemory.Alloc(OneMegabyte);
        Assert.True(NativeHeap.IsOwnMapping(first));
        NativeMemory.Free(first);   // by default this free raises the threshold above 1 MB

        var second = NativeMemory.Alloc(OneMegabyte);
        try
        {
            Assert.True(NativeHeap.IsOwnMapping(second));
        }
        finally
        {
            NativeMemory.Free(second);
        }
    }

    [SkippableFact]
    public unsafe void A_small_block_stays_on_the_heap()
    {
        Skip.IfNot(NativeHeap.ReturnLargeBlocksToTheSystem(), "the threshold is glibc's; this C library is another");

        var block = NativeMemory.Alloc(NativeHeap.MmapThresholdBytes / 4);
        try
        {
            Assert.False(NativeHeap.IsOwnMapping(block));
        }
        finally
        {
            NativeMemory.Free(block);
        }
    }
}
