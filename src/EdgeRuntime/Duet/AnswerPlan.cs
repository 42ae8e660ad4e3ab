namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>How long one answer lasts and where it sits.</summary>
/// <param name="Steps">Length in 10 ms steps of the answer's own clock; <see cref="int.MaxValue"/> plays until stopped.</param>
/// <param name="MaxTokens">Most tokens to draw (the bound for a model that never moves the clock).</param>
/// <param name="RegisterPitch">Median pitch of the call, the register the answer moves into by octaves; null keeps the model's pitches.</param>
/// <param name="AdapterVersion">Which adaptation the answer plays with (0 = the start adapter, then 1, 2, ...).</param>
/// <param name="RingOutSteps">
/// After <paramref name="Steps"/>, the notes still sounding may ring this many more steps, ending where the voice
/// releases them (no note starts then); whatever still sounds after it is released. 0 releases everything at the
/// answer's length.
/// </param>
public readonly record struct AnswerPlan(int Steps, int MaxTokens, int? RegisterPitch, int AdapterVersion, int RingOutSteps = 0)
{
    /// <summary>The plan's length in seconds.</summary>
    public double Seconds => Steps == int.MaxValue ? double.PositiveInfinity : Steps * Tokens.Vocabulary.TimeStepSeconds;

    /// <summary>
    /// The plan of an answer to a call of <paramref name="callSteps"/>: as long as the call times <paramref name="length"/>,
    /// at least <see cref="DuetSettings.MinAnswerSeconds"/> and at most <see cref="DuetSettings.MaxAnswerSeconds"/>, with a token cap of about 50 events per second
    /// (<see cref="DuetSettings.MaxAnswerTokens"/> at most) and <see cref="DuetSettings.RingOutSeconds"/> for its last notes; <paramref name="endless"/> plays until stopped.
    /// </summary>
    public static AnswerPlan For(int callSteps, double length, bool endless, int? registerPitch, int adapterVersion, DuetSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (endless)
        {
            return new AnswerPlan(int.MaxValue, settings.MaxAnswerTokens, registerPitch, adapterVersion);
        }

        var maxSteps = (int)Math.Round(settings.MaxAnswerSeconds / Tokens.Vocabulary.TimeStepSeconds);
        var minSteps = Math.Max(1, (int)Math.Round(settings.MinAnswerSeconds / Tokens.Vocabulary.TimeStepSeconds));
        var steps = Math.Clamp((int)Math.Round(callSteps * length), minSteps, maxSteps);
        var ringOut = (int)Math.Round(settings.RingOutSeconds / Tokens.Vocabulary.TimeStepSeconds);
        return new AnswerPlan(steps, Math.Min(settings.MaxAnswerTokens, (steps / 2) + 64), registerPitch, adapterVersion, ringOut);
    }
}
