namespace EdgeMeta.Trainer.Evaluation;

/// <summary>Style distances averaged over tasks, each with its 95% interval (see <see cref="StyleDistances"/>).</summary>
public sealed record StyleSummary(
    ConfidenceInterval PitchClass,
    ConfidenceInterval Interval,
    ConfidenceInterval InterOnset,
    ConfidenceInterval Velocity,
    ConfidenceInterval NoteDensity);
