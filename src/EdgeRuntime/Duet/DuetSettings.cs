using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// How a duet listens and answers, and the bounds that keep its work the same size whatever comes in. One set of
/// defaults for <c>respond</c>, <c>adapt</c>, <c>play</c>, the box and the evaluation.
/// </summary>
public sealed record DuetSettings
{
    /// <summary>The one phrase-boundary rule (rest, most and fewest events per phrase), as training cuts phrases.</summary>
    public SegmenterOptions Phrases { get; init; } = new();

    /// <summary>
    /// The adaptation window: the most recent phrases the adapter learns from. Default 8: the design's adaptation
    /// budget (8 phrases of about 64 events) and the largest K of the few-shot evaluation.
    /// </summary>
    public int PhrasesToAdapt { get; init; } = 8;

    /// <summary>The performer's playing kept for phrasing, in seconds of their time (older notes are let go at a rest).</summary>
    public double MaxHistorySeconds { get; init; } = 120;

    /// <summary>At most this many of the performer's notes are kept (a flood of notes cannot grow the work).</summary>
    public int MaxHistoryNotes { get; init; } = 4096;

    /// <summary>
    /// The turn being played is heard ahead (<see cref="DuetSession.HearSoFar"/>) only while the playing it re-cuts (the
    /// kept playing's last stretch after a rest, and the turn) has at most this many notes; beyond it the turn is heard
    /// when it ends. 1,024 covers two minutes of playing without a rest at eight notes a second; a 10 s flood of 20,000
    /// notes a second went from 148 MB to 164-189 MB peak with no bound (scripts/flood-repro.sh).
    /// </summary>
    public int MaxNotesHeardAhead { get; init; } = 1024;

    /// <summary>An answer lasts as long as the call times the length setting, but never longer than this.</summary>
    public double MaxAnswerSeconds { get; init; } = 20;

    /// <summary>An answer lasts at least this long, however short the call (a single note still gets a reply).</summary>
    public double MinAnswerSeconds { get; init; } = 0.5;

    /// <summary>
    /// When an answer reaches its length, the notes it still holds may ring this much longer and end where the model
    /// releases them (it starts no note then); what still sounds after it is released. Before, an answer released
    /// everything at its length, which cut a closing chord held for a bar to whatever was left of it. 0 cuts as before.
    /// README, "Letting the last notes ring".
    /// </summary>
    public double RingOutSeconds { get; init; } = 2.0;

    /// <summary>The longest <see cref="RingOutSeconds"/>: an answer's last notes never hold the box for longer.</summary>
    public const double MaxRingOutSeconds = 10;

    /// <summary>At most this many tokens per answer (a model that never moves the clock still stops).</summary>
    public int MaxAnswerTokens { get; init; } = 2048;

    /// <summary>
    /// Move the whole answer by octaves so that its first note lands near the call's median pitch. Off by default: the
    /// sampler's register steering follows the performer's range note by note, and a shift decided on the first note
    /// (often a chord's bass) moved polyphonic answers an octave away (register gap 6.8 instead of 3.0 semitones on
    /// the held-out families).
    /// </summary>
    public bool FollowRegister { get; init; }

    /// <summary>
    /// Step cap and time budget of one adaptation. Default: the model's steps, no time cap, so that the same phrases
    /// give the same adapter on any machine; the answer never waits for adaptation anyway.
    /// </summary>
    public AdaptationBudget Budget { get; init; } = AdaptationBudget.Unlimited;

    /// <summary>
    /// The velocity rows of the head adapt this many times faster than the rest. Default 1, the loop meta-training
    /// optimised: a 3× velocity step brought held-out answers' velocity closer (single-line gap 1.30 → 1.12 MIDI units at
    /// K = 4, NLL unchanged) but trained-on families' further (0.84 → 1.02), both inside the noise, so it is not kept;
    /// `evaluate` reports it beside the default. README, "Letting the adaptation carry style".
    /// </summary>
    public float VelocityRateScale { get; init; } = 1f;

    /// <summary>The model's inner loop as this duet runs it: its meta-learned steps and rate with the duet's velocity step.</summary>
    public InnerLoopSettings InnerLoopFor(InnerLoopSettings model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return model with { VelocityRateScale = VelocityRateScale };
    }

    /// <summary>Checks the bounds.</summary>
    /// <exception cref="ArgumentException">A bound is not positive.</exception>
    public void Validate()
    {
        if (PhrasesToAdapt < 1 || !(MaxHistorySeconds > 0) || MaxHistoryNotes < 16 || !(MaxAnswerSeconds > 0) || MaxAnswerTokens < 16
            || !(MinAnswerSeconds >= 0) || MinAnswerSeconds > MaxAnswerSeconds || !float.IsFinite(VelocityRateScale) || !(VelocityRateScale > 0)
            || !(RingOutSeconds is >= 0 and <= MaxRingOutSeconds))
        {
            throw new ArgumentException($"Duet settings need PhrasesToAdapt >= 1, MaxHistorySeconds > 0, MaxHistoryNotes >= 16, 0 <= MinAnswerSeconds <= MaxAnswerSeconds, MaxAnswerTokens >= 16, a finite VelocityRateScale > 0 and 0 <= RingOutSeconds <= {MaxRingOutSeconds}; got {this}.");
        }
    }
}
