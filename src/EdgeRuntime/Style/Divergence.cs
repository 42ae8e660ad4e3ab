namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>Distances between histograms.</summary>
public static class Divergence
{
    /// <summary>
    /// Jensen–Shannon divergence in bits of two count histograms (normalised here): symmetric, 0 for equal
    /// histograms, at most 1 for disjoint ones; 1 when exactly one side has no data, 0 when neither has.
    /// </summary>
    /// <exception cref="ArgumentException">The histograms have different lengths.</exception>
    public static double JensenShannonBits(IReadOnlyList<double> first, IReadOnlyList<double> second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count)
        {
            throw new ArgumentException($"histograms have {first.Count} and {second.Count} bins", nameof(second));
        }

        var totalA = first.Sum();
        var totalB = second.Sum();
        if (totalA <= 0 || totalB <= 0)
        {
            return totalA <= 0 && totalB <= 0 ? 0 : 1;
        }

        var divergence = 0.0;
        for (var i = 0; i < first.Count; i++)
        {
            var p = first[i] / totalA;
            var q = second[i] / totalB;
            var m = (p + q) / 2;
            if (p > 0)
            {
                divergence += 0.5 * p * Math.Log2(p / m);
            }

            if (q > 0)
            {
                divergence += 0.5 * q * Math.Log2(q / m);
            }
        }

        // Rounding can leave a tiny negative value for equal histograms.
        return Math.Clamp(divergence, 0, 1);
    }
}
