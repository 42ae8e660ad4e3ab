namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>Why the inner loop stopped.</summary>
public enum AdaptationStopReason
{
    /// <summary>All steps of the settings (or the step cap) were taken.</summary>
    Completed,

    /// <summary>The time budget ran out first; the result holds the steps taken so far.</summary>
    TimeBudgetExhausted,
}
