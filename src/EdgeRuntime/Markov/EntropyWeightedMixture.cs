namespace EdgeMeta.EdgeRuntime.Markov;

/// <summary>
/// Combines two next-token distributions position by position with entropy-based weights, as IDyOM
/// combines its long-term model (here: the neural network) with its short-term model (here: the PPM
/// model built from the support): Pearce (2005, §6.2.4), Pearce, Conklin &amp; Wiggins (2004).
/// </summary>
/// <remarks>
/// Each model m gets weight w_m = (H_m / H_max)^(−b), where H_m is the entropy of its distribution at
/// this position, H_max = ln V the entropy of the uniform distribution and b ≥ 0 the bias: a model
/// that is confident here (low entropy) counts more, and b = 0 gives equal weights. The weighted
/// distributions are combined geometrically (default; Pearce et al. found it slightly better than the
/// arithmetic mean) or arithmetically, and the result is renormalised so it sums to 1.
/// </remarks>
public sealed class EntropyWeightedMixture
{
    // A model with zero entropy would get infinite weight; this floor keeps the weights finite.
    private const double MinRelativeEntropy = 1e-9;

    /// <summary>Creates a mixture.</summary>
    /// <param name="bias">b in w = (H/H_max)^(−b); IDyOM's default for long-term + short-term is small (1–2).</param>
    /// <param name="combination">Geometric or arithmetic combination.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bias"/> is negative or not finite.</exception>
    public EntropyWeightedMixture(double bias = 1.0, MixtureCombination combination = MixtureCombination.Geometric)
    {
        if (!double.IsFinite(bias) || bias < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bias), bias, "the entropy bias must be a finite number >= 0");
        }

        Bias = bias;
        Combination = combination;
    }

    /// <summary>b: how strongly low entropy raises a model's weight.</summary>
    public double Bias { get; }

    /// <summary>Geometric or arithmetic.</summary>
    public MixtureCombination Combination { get; }

    /// <summary>Mixes two distributions over the same alphabet into <paramref name="destination"/>.</summary>
    /// <param name="first">A distribution (e.g. the neural model's), length V ≥ 2.</param>
    /// <param name="second">A distribution (e.g. the PPM model's), length V.</param>
    /// <param name="destination">Length V; may alias neither input.</param>
    /// <exception cref="ArgumentException">Lengths differ or V &lt; 2.</exception>
    public void Mix(ReadOnlySpan<double> first, ReadOnlySpan<double> second, Span<double> destination)
    {
        var size = first.Length;
        if (second.Length != size || destination.Length != size)
        {
            throw new ArgumentException($"distributions must have equal lengths, got {first.Length}, {second.Length} and destination {destination.Length}", nameof(second));
        }

        if (size < 2)
        {
            throw new ArgumentException($"a distribution needs at least 2 symbols, got {size}", nameof(first));
        }

        var maxEntropy = Math.Log(size);
        var w1 = Weight(Entropy(first) / maxEntropy);
        var w2 = Weight(Entropy(second) / maxEntropy);
        var a = w1 / (w1 + w2);
        var b = w2 / (w1 + w2);

        var sum = 0.0;
        for (var s = 0; s < size; s++)
        {
            var p = Combination == MixtureCombination.Geometric
                ? Math.Exp((a * SafeLog(first[s])) + (b * SafeLog(second[s])))
                : (a * first[s]) + (b * second[s]);
            destination[s] = p;
            sum += p;
        }

        if (!(sum > 0))
        {
            // Only reachable when the two models put their mass on disjoint symbols (geometric mean 0 everywhere).
            for (var s = 0; s < size; s++)
            {
                destination[s] = (a * first[s]) + (b * second[s]);
            }

            return;
        }

        for (var s = 0; s < size; s++)
        {
            destination[s] /= sum;
        }
    }

    /// <summary>Shannon entropy in nats; zero-probability entries contribute nothing.</summary>
    /// <param name="distribution">Probabilities that sum to 1.</param>
    public static double Entropy(ReadOnlySpan<double> distribution)
    {
        var h = 0.0;
        foreach (var p in distribution)
        {
            if (p > 0)
            {
                h -= p * Math.Log(p);
            }
        }

        return h;
    }

    private double Weight(double relativeEntropy) => Math.Pow(Math.Max(relativeEntropy, MinRelativeEntropy), -Bias);

    // log 0 = −∞ would turn 0 · log 0 into NaN; a very negative finite value keeps the geometric mean at ~0.
    private static double SafeLog(double p) => p > 0 ? Math.Log(p) : -745.0;
}
