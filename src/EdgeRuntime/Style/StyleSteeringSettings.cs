namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// How strongly the sampler steers an answer toward the performer's style. Every term but the single-line
/// polyphony limit is a soft bias added to the model's logits (in nats), so the model can still surprise;
/// a strength of 0 turns its term off. Defaults are on: each term moved the evaluation's measures toward the
/// query without costing likelihood (README "Answers in the performer's style").
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
        RegisterTracking = 0,
        LengthFeedback = 0,
        IntervalFeedback = 0,
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
    /// Register centre: the answer keeps its own mean pitch on theirs. When the answer's notes so far sit d semitones
    /// above their mean (d = sum of (pitch − their mean) / (notes + <see cref="RegisterPriorNotes"/>)), NOTE_ON p gets
    /// −tracking · d · (p − their mean) / max(their spread, 3)²: an exponential tilt that, for pitches spread like
    /// theirs, moves the next notes' mean by −tracking · d. At 1 each new chord aims to cancel the drift so far
    /// (a chorale answer losing its bass, a waltz answer without its tune). The drift is read when the clock moves,
    /// so the notes of one chord share a tilt. Polyphonic performers only: there a drift means voices lost or doubled,
    /// while a single line's mean moves with its contour (a tune's second part an octave up), which the model follows
    /// from the call; on the training families jigs and reels (single-line) got further from the query with it
    /// (register gap 3.06 → 3.30 semitones) while jsb/valid and nottingham/jigs got closer (2.78 → 2.47).
    /// </summary>
    public float RegisterTracking { get; init; } = 1f;

    /// <summary>Pseudo-notes at their mean that the answer's drift is averaged with, so its first notes cannot swing the tilt.</summary>
    public int RegisterPriorNotes { get; init; } = 8;

    /// <summary>
    /// Pulse: a TIME_SHIFT that would land off their onset grid (time since the last onset not a whole number of
    /// grid steps) gets −strength · min(miss / tolerance, 3)² / 2.
    /// </summary>
    public float GridStrength { get; init; } = 0.5f;

    /// <summary>
    /// Tempo: a TIME_SHIFT landing k grid steps after the last onset gets strength · ln(their share of k-step
    /// intervals / the most common share), floored at −3 · strength, so the answer moves in the note values they use.
    /// Off: on the trained-on families (<c>evaluate --tuning-family</c>) 0.25–0.5 brought intervals and lengths a little
    /// closer beside <see cref="IntervalFeedback"/> but made polyphonic answers overlap 1–2 points more than the performer.
    /// </summary>
    public float IntervalStrength { get; init; }

    /// <summary>
    /// Interval feedback: a TIME_SHIFT landing k grid steps after the last onset also gets
    /// feedback · ln(their share of k-step intervals / the answer's share so far), within ±3, the answer's share starting
    /// as 8 intervals shaped like theirs. Where the tempo term prefers their commonest note value, this term moves the
    /// answer's interval histogram itself toward theirs: a chorale answer that keeps moving in quarters and eighths is
    /// encouraged to hold a chord through the half notes and fermatas the performer holds.
    /// </summary>
    /// <remarks>2, chosen on the trained-on families (two task draws) among 1, 2 and 3, with the tempo term off.</remarks>
    public float IntervalFeedback { get; init; } = 2f;

    /// <summary>Grids that explain fewer of their intervals than this (rubato, free time) are not steered toward.</summary>
    public double MinGridFit { get; init; } = 0.7;

    /// <summary>
    /// Note lengths. With <see cref="LengthsNearPitch"/> (default): NOTE_OFF of a note held for t gets
    /// strength · ln(h(t)), floored at −12 · strength, where h is the release hazard of their notes nearest to its pitch
    /// (one voice's worth, <see cref="PerformerStyle.VoiceNotes"/>; see <see cref="LengthHazard"/>), their lengths smoothed
    /// over log-length by <see cref="LengthKernelWidth"/>; past their longest length the release gets
    /// +strength · min(z², 9) / 2, z = ln(held / longest) / kernel width. Otherwise NOTE_OFF
    /// before their median length gets −strength · min(z², 9) / 2 and after it +strength · min(z², 9) / 2, with
    /// z = ln(held / median) / their log spread (at least 0.25).
    /// </summary>
    /// <remarks>2, chosen with <see cref="LengthFeedback"/> = 3 and <see cref="LengthKernelWidth"/> = 0.08 on the trained-on
    /// families: at 1 chorale and jig answers (with chords) kept too many quarters and cut their held chords short.</remarks>
    public float DurationStrength { get; init; } = 2f;

    /// <summary>
    /// Note lengths follow the voice: a note may end at the lengths their notes near its pitch have (a waltz's bass held
    /// for the bar while its tune moves in quarters; a chorale's mix of quarters and halves stays a mix), as a product of
    /// the model's release with their length distribution. Off: one median length for all notes, which pulls every
    /// length toward it (a waltz's held bass and its tune both toward a half note).
    /// </summary>
    public bool LengthsNearPitch { get; init; } = true;

    /// <summary>
    /// The note-length term is a release hazard: h(t) = k(t) / n(t), k the kernel density of their voice's lengths at t
    /// (a note of length t counts 1 at t) and n(t) the number of their voice's notes at least t · e^(−2 · kernel width) long,
    /// so h is the chance that one of their notes still sounding at t ends there (at most 1: 0 nats at their longest length).
    /// Off: k(t) / k(their most common length), the density ratio, which charged a long length for being rarer than a short
    /// one although a note that has already outlasted the short one has only the long ones left: in nottingham/jigs, whose
    /// chords are held for the bar (1.5 s) or, twice as often, for half of it, a chord note still sounding at the bar line
    /// paid −1.3 nats there (strength 2); with the hazard it pays 0 and half of it, ln(2/3) · 2 = −0.8, at the half bar.
    /// On the trained-on families (<c>evaluate --tuning-family</c> with nottingham/ashover added, K = 4, seeds 1234 and 99)
    /// it brought polyphonic answers' note lengths closer (duration JSD 0.099 → 0.087 and 0.084 → 0.080; the jigs'
    /// answers held 349 chord notes for the bar instead of 263, the performer 562), IOI and single-line lengths unchanged,
    /// overlap within a point of the performer's. Strength 1.5 and 3, length feedback 2 and 4, and counting notes 1 or 3
    /// kernel widths longer as "at" t measured no better; the hazard's log-odds (which also pushes the release at their
    /// lengths) held more bars in the jigs but moved chorale answers' intervals away (jsb/valid IOI JSD 0.115, hazard 0.099).
    /// </summary>
    public bool LengthHazard { get; init; } = true;

    /// <summary>
    /// With <see cref="LengthHazard"/>: a note of theirs that sounds until its phrase ends is not counted as a release at its
    /// length, only among the notes that lasted that long (a censored length, as in Kaplan–Meier). A phrase is often a
    /// segment cut from a longer performance while a chord sounds, so its last notes' lengths are where the cut fell: in
    /// nottingham/ashover's 3/4 tunes, whose chords are held for one or two bars, the bass voice had releases at 1.75, 2.25
    /// and 2.5 s only because of such cuts. On the trained-on families (as for <see cref="LengthHazard"/>) the polyphonic
    /// duration JSD stayed 0.087 and 0.080 on the two draws while the overlap came closer to the performer's (0.957 → 0.954,
    /// performer 0.956; 0.955 → 0.946, performer 0.942); single-line IOI JSD 0.058 → 0.059 and 0.055 → 0.066 (±0.027).
    /// </summary>
    public bool PhraseEndsCensored { get; init; } = true;

    /// <summary>
    /// Kernel width of the length density, natural-log units (a Gaussian's standard deviation). 0.08: a length 8 % from
    /// one of theirs is one width away, so a chord held for 5 eighths where they hold it for 6 (17 % short) is over two
    /// widths away and unlikely; at 0.12 (the ±12 % of the evaluation's "same interval") such cut chords were barely
    /// discouraged. Chosen on the trained-on families among 0.04, 0.06, 0.08, 0.12.
    /// </summary>
    public double LengthKernelWidth { get; init; } = 0.08;

    /// <summary>
    /// Length feedback (with <see cref="LengthsNearPitch"/>): NOTE_OFF after t also gets
    /// feedback · ln(their share of lengths like t / the answer's share so far), within ±3, the answer's share starting
    /// as 8 notes shaped like theirs. The voice term alone multiplies the model's own habits by their lengths, so a model
    /// that likes eighths keeps too many; this term moves the answer's length histogram itself toward theirs (at 1 it
    /// weighs each length by the ratio of the two shares, the importance weight between the distributions). 3, chosen on
    /// the trained-on families: at 1 a chorale answer still played two fifths more quarter notes than the performer.
    /// </summary>
    public float LengthFeedback { get; init; } = 3f;

    /// <summary>
    /// An answer states its dynamics before its first note: until the answer has drawn a VELOCITY token, NOTE_ON is
    /// masked (the answer is decoded on its own, so without one its notes would play at the decoder's default
    /// velocity whatever the performer played). The VELOCITY drawn is steered by <see cref="VelocityStrength"/>.
    /// </summary>
    public bool OpenWithVelocity { get; init; } = true;

    /// <summary>
    /// Dynamics: VELOCITY bin b gets strength · ln(k(b) / k(the most likely bin)), where k is a kernel density of their
    /// velocities (their bin histogram smoothed by a Gaussian of width h = max(1.06 · spread · notes^(−1/5),
    /// <see cref="MinVelocityWidth"/>), Silverman's rule), floored at −12 · strength. A performer who plays at one
    /// velocity gets answers at that velocity; accents stay accents.
    /// </summary>
    public float VelocityStrength { get; init; } = 1f;

    /// <summary>
    /// The narrowest velocity kernel, MIDI units. Default 4/√12 ≈ 1.15, the spread of velocities within one 4-unit
    /// vocabulary bin: a narrower kernel would claim more than the vocabulary can hear.
    /// </summary>
    public double MinVelocityWidth { get; init; } = 4 / Math.Sqrt(12);

    /// <summary>Checks the ranges.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A strength is negative or not finite, the slack or prior is negative, a width is not positive, or the fit is outside [0, 1].</exception>
    public void Validate()
    {
        foreach (var (name, value) in new[] { (nameof(RegisterStrength), RegisterStrength), (nameof(GridStrength), GridStrength), (nameof(IntervalStrength), IntervalStrength), (nameof(DurationStrength), DurationStrength), (nameof(VelocityStrength), VelocityStrength), (nameof(RegisterTracking), RegisterTracking), (nameof(LengthFeedback), LengthFeedback), (nameof(IntervalFeedback), IntervalFeedback) })
        {
            if (!(value >= 0) || !float.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(name, value, "Steering strengths must be finite and >= 0.");
            }
        }

        ArgumentOutOfRangeException.ThrowIfNegative(PolyphonySlack);
        ArgumentOutOfRangeException.ThrowIfNegative(RegisterPriorNotes);
        if (!(LengthKernelWidth > 0) || !double.IsFinite(LengthKernelWidth) || !(MinVelocityWidth > 0) || !double.IsFinite(MinVelocityWidth))
        {
            throw new ArgumentOutOfRangeException(nameof(LengthKernelWidth), (LengthKernelWidth, MinVelocityWidth), "LengthKernelWidth and MinVelocityWidth must be finite and > 0.");
        }

        if (!(MinGridFit is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(MinGridFit), MinGridFit, "MinGridFit must be in [0, 1].");
        }
    }
}
