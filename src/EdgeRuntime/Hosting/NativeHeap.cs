using System.Runtime.InteropServices;

namespace EdgeMeta.EdgeRuntime.Hosting;

/// <summary>
/// How the process's C heap (glibc's malloc, which ONNX Runtime and the .NET runtime allocate from) treats large
/// blocks. Every type that creates ONNX Runtime sessions calls <see cref="ReturnLargeBlocksToTheSystem"/> first, so
/// the setting is in place before a model is loaded, whichever host (edgemeta, the box, the trainer's evaluation)
/// loads it.
/// </summary>
/// <remarks>
/// glibc serves a request of 128 KiB or more with its own mapping, which <c>free</c> returns to the system at once.
/// But by default the first such free raises that threshold to the freed block's size (up to 32 MiB), so from then on
/// blocks of that size come from the heap, and a freed block there stays resident. Fixing the threshold (any
/// <c>mallopt(M_MMAP_THRESHOLD)</c> call switches the raising off) is what makes the memory of a big transient job
/// (loading a model, a flood's longer runs) go back when the job is done. Measured with
/// <c>FLOOD_SMAPS=DIR scripts/flood-repro.sh</c> (README, Floods): glibc's main heap once the model is loaded 19.7 MB
/// → 13 MB, and beside <c>System.GC.ConserveMemory</c> the flood's peak resident set 125–132 MB → 122–129 MB. The
/// backbone step and the inner loop measured as fast as before (bench-step, AdaptationBenchmark, before and after
/// alternated). ONNX Runtime's arenas are left on: without them every run maps and touches its buffers anew, and
/// the inner loop took twice as long.
/// Elsewhere (another C library, another OS) nothing is changed.
/// </remarks>
public static partial class NativeHeap
{
    /// <summary>Requests of at least this many bytes get their own mapping, returned to the system when freed (glibc's initial value, kept fixed).</summary>
    public const int MmapThresholdBytes = 128 * 1024;

    private const int MMmapThreshold = -3;   // <malloc.h> M_MMAP_THRESHOLD
    private static readonly Lazy<bool> Configured = new(Configure, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>
    /// Fixes glibc's mapping threshold at <see cref="MmapThresholdBytes"/> (once per process; later calls only report).
    /// Returns true when the setting is in place, false where the C library is not glibc.
    /// </summary>
    public static bool ReturnLargeBlocksToTheSystem() => Configured.Value;

    /// <summary>True when <paramref name="block"/>, from <c>malloc</c> (or <see cref="NativeMemory.Alloc(nuint)"/>), has a mapping of its own (glibc only).</summary>
    /// <remarks>glibc keeps a chunk's size just before the block, with bit 1 set for a mapped chunk (malloc.c, IS_MMAPPED).</remarks>
    internal static unsafe bool IsOwnMapping(void* block) => (((nuint*)block)[-1] & 2) != 0;

    private static bool Configure()
    {
        if (!OperatingSystem.IsLinux() || !IsGlibc())
        {
            return false;
        }

        return MallOpt(MMmapThreshold, MmapThresholdBytes) == 1;
    }

    private static bool IsGlibc() =>
        NativeLibrary.TryLoad("libc.so.6", out var libc) && NativeLibrary.TryGetExport(libc, "gnu_get_libc_version", out _);

    [LibraryImport("libc.so.6", EntryPoint = "mallopt")]
    private static partial int MallOpt(int parameter, int value);
}
