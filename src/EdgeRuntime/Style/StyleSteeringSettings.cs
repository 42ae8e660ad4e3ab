namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// How strongly the sampler steers an answer toward the performer's style. Every term but the single-line
/// polyphony limit is a soft bias added to the model's logits (in nats), so the model can still surprise;
/// a strength of 0 turns its term off. Defaults are on: each term moved the evaluation's measures toward the
/// query without costing likelihood (see docs-drafts/style.md).
/// </summary>
public sealed record StyleSteeringSettings
{
    /// <summary>Steering off: the answer follows the model alone (the grammar and the configured polyphony limit still apply).</summary>
    public static StyleSteeringSettings Off { get; } = new()
    {
        FollowPrimer = false,
        PolyphonyFollowsTexture = false,
        OpenWithVelocity = false,
        RegisterStrength = 0,
        GridStrength = 0,
        IntervalStrength = 0,
        DurationStrength = 0,
        VelocityStrength = 0,
    };

    /// <summary>
    /// When no style was given with <c>Sampler.Steer</c>, steer toward the style of the primer (the tokens accepted
    /// after <c>Reset</c> and before the first draw: the call the answer answers).
    /// </summary>
    public bool FollowPrimer { get; init; } = true;

    /// <summary>
    /// The polyphony limit follows the performer's texture: a single-line performer gets a single-line answer
    /// (a hard limit of one note), otherwise at most their most voices + <see cref="PolyphonySlack"/>.
    /// </summary>
    public bool PolyphonyFollowsTexture { get; init; } = true;

    /// <summary>Extra voices allowed above a polyphonic performer's most.</summary>
    public int PolyphonySlack { get; init; } = 1;

    /// <summary>
    /// Register: NOTE_ON of pitch p gets −strength · (z²/2 + semitones outside their range / 2), with
    /// z = (p − their mean pitch) / (1.5 · their pitch spread, at least 3).
    /// </summary>
    public float RegisterStrength { get; init; } = 0.3f;

    /// <summary>
    /// Pulse: a TIME_SHIFT that would land off their onset grid (time since the last onset not a whole number of
    /// grid steps) gets −strength · min(miss / tolerance, 3)² / 2.
    /// </summary>
    public float GridStrength { get; init; } = 0.5f;

    /// <summary>
    /// Tempo: a TIME_SHIFT landing k grid steps after the last onset gets strength · ln(their share of k-step
    /// intervals / the most common share), floored at −3 · strength, so the answer moves in the note values they use.
    /// </summary>
    public float IntervalStrength { get; init; }

    /// <summary>Grids that explain fewer of their intervals than this (rubato, free time) are not steered toward.</summary>
    public double MinGridFit { get; init; } = 0.7;

    /// <summary>
    /// Note lengths: NOTE_OFF of a note held for less than their median length gets
    /// −strength · min(z², 9) / 2 and of a note held longer +strength · min(z², 9) / 2, with
    /// z = ln(held / median) / their log spread (at least 0.25).
    /// </summary>
    public float DurationStrength { get; init; } = 1f;

    /// <summary>
    /// An answer states its dynamics before its first note: until the answer has drawn a VELOCITY token, NOTE_ON is
    /// masked (the answer is decoded on its own, so without one its notes would play at the decoder's default
    /// velocity whatever the performer played). The VELOCITY drawn is steered by <see cref="VelocityStrength"/>.
    /// </summary>
    public bool OpenWithVelocity { get; init; } = true;

    /// <summary>Dynamics: VELOCITY v gets −strength · ((v − their mean) / max(their spread, 3))² / 2.</summary>
    public float VelocityStrength { get; init; } = 1f;

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A strength is negative or not finite, the slack is negative, or the fit is outside [0, 1].</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(RegisterStrength), RegisterStrength), (nameof(GridStrength), GridStrength), (nameof(IntervalStrength), IntervalStrength), (nameof(DurationStrength), DurationStrength), (nameof(VelocityStrength), VelocityStrength) })
        {
            if (!(value >= 0) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "Steering strengths must be finite and >= 0.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(PolyphonySlack);
        if (!(MinGridFit is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinGridFit), MinGridFit, "MinGridFit must be in [0, 1].");
        }
    }
}
