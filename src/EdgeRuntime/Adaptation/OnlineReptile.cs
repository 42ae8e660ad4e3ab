using System.Numerics.Tensors;

namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// Reptile run online across a performer's sessions: after each adaptation the profile moves a step
/// ε toward the adapted parameters, profile ← profile + ε (adapted − profile). ε = 1 keeps only the
/// latest session; small ε averages over many.
/// </summary>
public static class OnlineReptile
{
    /// <summary>Returns the updated profile as a new object; neither input is modified.</summary>
    /// <exception cref="ArgumentOutOfRangeException">ε is outside [0, 1] or not finite.</exception>
    /// <exception cref="ArgumentException">The two adapters have different shapes.</exception>
    public static AdapterParameters Update(AdapterParameters profile, AdapterParameters adapted, float epsilon)
    {
        ArgumentNullException.ThrowIfNull(profile);
        ArgumentNullException.ThrowIfNull(adapted);
        if (!float.IsFinite(epsilon) || epsilon < 0f || epsilon > 1f)
        {
            throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "The Reptile step ε must lie in [0, 1].");
        }

        var result = adapted.Clone();
        // CopyTo refuses a shape mismatch.
        profile.CopyTo(result);
        Lerp(result.HeadWeight, adapted.HeadWeight, epsilon);
        Lerp(result.HeadBias, adapted.HeadBias, epsilon);
        Lerp(result.LoraDown, adapted.LoraDown, epsilon);
        Lerp(result.LoraUp, adapted.LoraUp, epsilon);
        return result;
    }

    // p ← p + ε (a − p) = (1 − ε) p + ε a
    private static void Lerp(float[] p, float[] a, float epsilon) => TensorPrimitives.Lerp(p, a, epsilon, p);
}
