using EdgeMeta.EdgeRuntime.Style;

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

    /// <summary>Jensen–Shannon divergence in bits of two count histograms (normalised here); the one implementation is EdgeRuntime's.</summary>
    /// <exception cref="ArgumentException">The histograms have different lengths.</exception>
    public static double JensenShannonBits(IReadOnlyList<double> first, IReadOnlyList<double> second) =>
        Divergence.JensenShannonBits(first, second);
}
