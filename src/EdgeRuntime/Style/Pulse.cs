using System.Globalization;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// The performer's pulse read from their inter-onset intervals: the finest grid most onsets fall on, the beat
/// that groups it, and how well the grid explains their timing.
/// </summary>
/// <param name="GridSeconds">The onset grid: most inter-onset intervals are whole multiples of it (0 when unknown).</param>
/// <param name="Subdivision">Grid steps per beat: 1 (the grid is the beat), 2 or 4 (duplets), 3 (triplets); 0 when unknown.</param>
/// <param name="Fit">Share of inter-onset intervals within ±10 % of the grid (at least ±15 ms) of a whole multiple of it.</param>
public readonly record struct Pulse(double GridSeconds, int Subdivision, double Fit)
{
    /// <summary>No pulse (too few onsets to tell).</summary>
    public static Pulse Unknown => default;

    /// <summary>Whether a grid was found.</summary>
    public bool IsKnown => GridSeconds > 0;

    /// <summary>Seconds per beat (grid × subdivision).</summary>
    public double BeatSeconds => GridSeconds * Subdivision;

    /// <summary>Beats per minute; 0 when unknown.</summary>
    public double Bpm => IsKnown ? 60 / BeatSeconds : 0;

    /// <summary>"duplets", "triplets" or "beat" for the subdivision.</summary>
    public string SubdivisionName => Subdivision switch
    {
        2 or 4 => "duplets",
        3 => "triplets",
        1 => "beat",
        _ => "unknown",
    };

    /// <summary>The tolerance within which an interval counts as on the grid.</summary>
    public static double Tolerance(double gridSeconds) => Math.Max(0.10 * gridSeconds, 0.015);

    /// <inheritdoc/>
    public override string ToString() => IsKnown
        ? string.Create(CultureInfo.InvariantCulture, $"{Bpm:F0} bpm, {SubdivisionName} (grid {GridSeconds * 1000:F0} ms, fit {Fit:F2})")
        : "no pulse";
}
