namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// A mean with its 95% confidence interval, mean ± HalfWidth, from Student's t over independent
/// samples (here: one value per held-out task, so tasks, not events, are the unit of replication).
/// </summary>
/// <param name="Mean">Sample mean (NaN without samples).</param>
/// <param name="HalfWidth">t(0.975, n − 1) · s / √n; NaN with fewer than two samples.</param>
/// <param name="Count">Number of samples (NaN samples are left out).</param>
public readonly record struct ConfidenceInterval(double Mean, double HalfWidth, int Count)
{
    // Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom.
    private static readonly double[] TQuantiles =
    [
        12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042,
    ];

    /// <summary>Mean and 95% interval of the finite values in <paramref name="samples"/>.</summary>
    public static ConfidenceInterval Of(IEnumerable<double> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var values = samples.Where(double.IsFinite).ToArray();
        if (values.Length == 0)
        {
            return new ConfidenceInterval(double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        if (values.Length == 1)
        {
            return new ConfidenceInterval(mean, double.NaN, 1);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1);
        return new ConfidenceInterval(mean, TQuantile(values.Length - 1) * Math.Sqrt(variance / values.Length), values.Length);
    }

    /// <summary>Two-sided 95% quantile of Student's t with <paramref name="degreesOfFreedom"/> degrees of freedom.</summary>
    public static double TQuantile(int degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        if (degreesOfFreedom <= TQuantiles.Length)
        {
            return TQuantiles[degreesOfFreedom - 1];
        }

        // Cornish–Fisher expansion around the normal quantile; within 0.001 of the exact value above 30.
        const double Z = 1.959964;
        double v = degreesOfFreedom;
        return Z + (((Z * Z * Z) + Z) / (4 * v)) + (((5 * Math.Pow(Z, 5)) + (16 * Z * Z * Z) + (3 * Z)) / (96 * v * v));
    }

    /// <summary>"2.345 ± 0.123" with the given decimals; "—" without samples, no ± with one.</summary>
    public string Format(int decimals = 3)
    {
        if (Count == 0)
        {
            return "—";
        }

        var format = "F" + decimals.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var mean = Mean.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        return double.IsFinite(HalfWidth)
            ? $"{mean} ± {HalfWidth.ToString(format, System.Globalization.CultureInfo.InvariantCulture)}"
            : mean;
    }
}
