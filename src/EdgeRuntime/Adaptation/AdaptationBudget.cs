namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// Limits on one adaptation, on top of the settings' step count: the performer must never wait
/// for the adapter, so a slow device takes fewer steps rather than a longer pause.
/// </summary>
/// <param name="MaxSteps">Step cap; the loop takes min(settings.Steps, MaxSteps) steps.</param>
/// <param name="MaxTime">Wall-clock budget; checked before each step.</param>
public sealed record AdaptationBudget(int MaxSteps, TimeSpan MaxTime)
{
    /// <summary>No cap beyond the settings.</summary>
    public static AdaptationBudget Unlimited { get; } = new(int.MaxValue, TimeSpan.MaxValue);

    /// <summary>The design budget for the device: 50 ms.</summary>
    public static AdaptationBudget Device { get; } = new(int.MaxValue, TimeSpan.FromMilliseconds(50));
}
