namespace EdgeMeta.Trainer.Data;

/// <summary>
/// Seeds derived from (run seed, step, purpose) with SplitMix64, the same in every process. .NET's
/// <see cref="HashCode"/> is salted per process, so seeding from it made every run unrepeatable across
/// processes even though resuming inside one process looked exact.
/// </summary>
public static class StepSeed
{
    /// <summary>A 32-bit seed for step <paramref name="step"/> of a run seeded with <paramref name="seed"/>, for one <paramref name="purpose"/>.</summary>
    public static int Of(int seed, long step, int purpose)
    {
        var x = Mix((ulong)(uint)seed);
        x = Mix(x ^ (ulong)step);
        x = Mix(x ^ (uint)purpose);
        return (int)(x >> 33);
    }

    // SplitMix64's finaliser (Steele, Lea and Flood 2014).
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
