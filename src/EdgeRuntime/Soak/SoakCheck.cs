namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>One pass/fail criterion of a soak run and what was measured against it.</summary>
/// <param name="Name">The criterion, as the README names it.</param>
/// <param name="Passed">Whether the run met it.</param>
/// <param name="Detail">The measured value against the bound, in words.</param>
/// <param name="IsTiming">A time bound (GC pauses, latency percentiles), which depends on what else the machine runs;
/// <c>bench-soak --timing-advisory</c> reports these without failing (a shared CI machine), the rest always count.</param>
public sealed record SoakCheck(string Name, bool Passed, string Detail, bool IsTiming = false);
