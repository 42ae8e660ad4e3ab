using System.Runtime.Intrinsics;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>Which widths this CPU runs natively.</summary>
internal static class KernelWidths
{
    /// <summary>The widest width the hardware accelerates (falls back to 128 bits, which .NET emulates if it must).</summary>
    public static KernelWidth Widest =>
        Vector512.IsHardwareAccelerated ? KernelWidth.Vector512
        : Vector256.IsHardwareAccelerated ? KernelWidth.Vector256
        : KernelWidth.Vector128;

    /// <summary>Floats per register at <paramref name="width"/>.</summary>
    public static int Lanes(KernelWidth width) => width switch
    {
        KernelWidth.Vector128 => Vector128<float>.Count,
        KernelWidth.Vector256 => Vector256<float>.Count,
        KernelWidth.Vector512 => Vector512<float>.Count,
        _ => throw new ArgumentOutOfRangeException(nameof(width), width, "Unknown kernel width."),
    };

    /// <summary>True when the CPU runs <paramref name="width"/> in hardware (not emulated in software).</summary>
    public static bool IsAccelerated(KernelWidth width) => width switch
    {
        KernelWidth.Vector128 => Vector128.IsHardwareAccelerated,
        KernelWidth.Vector256 => Vector256.IsHardwareAccelerated,
        KernelWidth.Vector512 => Vector512.IsHardwareAccelerated,
        _ => false,
    };
}
