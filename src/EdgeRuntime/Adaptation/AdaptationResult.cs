namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>The outcome of one inner loop.</summary>
/// <param name="Adapted">The adapted parameters (a new object, or the one the caller passed to adapt into; the start point is untouched).</param>
/// <param name="StepsTaken">SGD steps actually taken.</param>
/// <param name="SupportLoss">Mean support cross-entropy before each step, then after the last one (StepsTaken + 1 values).</param>
/// <param name="StopReason">Whether all steps ran or the time budget cut the loop short.</param>
/// <param name="Elapsed">Wall-clock time of the loop (not including feature extraction).</param>
public sealed record AdaptationResult(
    AdapterParameters Adapted,
    int StepsTaken,
    IReadOnlyList<float> SupportLoss,
    AdaptationStopReason StopReason,
    TimeSpan Elapsed);
