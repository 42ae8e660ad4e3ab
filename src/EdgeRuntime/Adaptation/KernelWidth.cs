namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// Register width of the tiled matrix kernel. The Pi's NEON is 128-bit, most x86 servers are 256-bit (AVX2)
/// and some 512-bit (AVX-512); the kernel is one piece of code instantiated at each width.
/// </summary>
internal enum KernelWidth
{
    /// <summary>4 floats per register: NEON (Pi 3, 4, 5, Zero 2 W), SSE.</summary>
    Vector128,

    /// <summary>8 floats per register: AVX2.</summary>
    Vector256,

    /// <summary>16 floats per register: AVX-512.</summary>
    Vector512,
}
