namespace EdgeMeta.Trainer.Training;

/// <summary>A mean over tasks with its 95% normal-approximation half-width 1.96·sd/√n.</summary>
public readonly record struct MeanWithInterval(double Mean, double HalfWidth, int Count)
{
    public static MeanWithInterval Of(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            return new MeanWithInterval(double.NaN, double.NaN, 0);
        }

        var mean = values.Average();
        var variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0.0;
        return new MeanWithInterval(mean, 1.96 * Math.Sqrt(variance) / Math.Sqrt(values.Count), values.Count);
    }

    public override string ToString() => FormattableString.Invariant($"{Mean:F3} ± {HalfWidth:F3}");
}
