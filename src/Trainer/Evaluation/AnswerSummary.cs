using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>The <see cref="AnswerMeasures"/> averaged over tasks, each with its 95% interval.</summary>
public sealed record AnswerSummary(
    ConfidenceInterval PitchClassJsd,
    ConfidenceInterval IntervalJsd,
    ConfidenceInterval InterOnsetJsd,
    ConfidenceInterval DurationJsd,
    ConfidenceInterval RegisterGap,
    ConfidenceInterval VelocityGap,
    ConfidenceInterval PerformerIntervalShare,
    ConfidenceInterval Overlap,
    ConfidenceInterval ReferenceOverlap,
    ConfidenceInterval CopiedPatterns)
{
    /// <summary>Averages <paramref name="measures"/> (NaN entries are left out of each mean).</summary>
    public static AnswerSummary Of(IReadOnlyCollection<AnswerMeasures> measures)
    {
        ArgumentNullException.ThrowIfNull(measures);
        return new AnswerSummary(
            ConfidenceInterval.Of(measures.Select(m => m.PitchClassJsd)),
            ConfidenceInterval.Of(measures.Select(m => m.IntervalJsd)),
            ConfidenceInterval.Of(measures.Select(m => m.InterOnsetJsd)),
            ConfidenceInterval.Of(measures.Select(m => m.DurationJsd)),
            ConfidenceInterval.Of(measures.Select(m => m.RegisterGap)),
            ConfidenceInterval.Of(measures.Select(m => m.VelocityGap)),
            ConfidenceInterval.Of(measures.Select(m => m.PerformerIntervalShare)),
            ConfidenceInterval.Of(measures.Select(m => m.Overlap)),
            ConfidenceInterval.Of(measures.Select(m => m.ReferenceOverlap)),
            ConfidenceInterval.Of(measures.Select(m => m.CopiedPatterns)));
    }
}
