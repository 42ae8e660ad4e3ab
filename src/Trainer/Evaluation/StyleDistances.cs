namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// How far generated responses are from the query in style. Histogram distances are the Jensen–Shannon
/// divergence in bits between the normalised histograms: symmetric, 0 for equal histograms, at most 1
/// for disjoint ones (and 1 when exactly one side has no data, 0 when neither has).
/// </summary>
/// <param name="PitchClass">JSD of the pitch-class histograms.</param>
/// <param name="Interval">JSD of the melodic-interval histograms.</param>
/// <param name="InterOnset">JSD of the inter-onset-interval histograms.</param>
/// <param name="Velocity">JSD of the velocity histograms.</param>
/// <param name="NoteDensity">|notes per second of the responses − of the query|.</param>
public sealed record StyleDistances(double PitchClass, double Interval, double InterOnset, double Velocity, double NoteDensity)
{
    /// <summary>Compares two profiles.</summary>
    public static StyleDistances Between(StyleProfile generated, StyleProfile reference)
    {
        ArgumentNullException.ThrowIfNull(generated);
        ArgumentNullException.ThrowIfNull(reference);
        return new StyleDistances(
            JensenShannonBits(generated.PitchClass, reference.PitchClass),
            JensenShannonBits(generated.Interval, reference.Interval),
            JensenShannonBits(generated.InterOnset, reference.InterOnset),
            JensenShannonBits(generated.Velocity, reference.Velocity),
            Math.Abs(generated.NoteDensity - reference.NoteDensity));
    }

    /// <summary>Jensen–Shannon divergence in bits of two count histograms (normalised here).</summary>
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
