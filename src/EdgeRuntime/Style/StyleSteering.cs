using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// The sampler's style terms: given a <see cref="PerformerStyle"/>, it precomputes bias tables once
/// (<see cref="Configure"/>, at the start of an answer) and then adds them to each step's logits
/// (<see cref="Apply"/>, allocation-free): register on NOTE_ON, dynamics on VELOCITY, note lengths on NOTE_OFF,
/// grid and tempo on TIME_SHIFT, and the polyphony limit that follows the performer's texture.
/// </summary>
public sealed class StyleSteering
{
    private const int Pitches = 128;
    private const float Floor = -3f;
    private const double MinVelocityWidth = 3; // under one vocabulary bin (4 MIDI units) either way costs < 1 nat

    private readonly float[] _pitchBias = new float[Pitches];
    private readonly float[] _velocityBias = new float[Vocabulary.VelocityBins];
    private readonly float[] _stepBias = new float[PerformerStyle.MaxGridSteps + 1]; // by grid steps, [0] unused
    private double _grid;
    private double _tolerance;
    private float _gridStrength;
    private double _logMedianDuration;
    private double _durationSpread;
    private int _polyphony;

    /// <summary>Creates the steering with its settings; nothing is steered until <see cref="Configure"/> gets a style.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public StyleSteering(StyleSteeringSettings? settings = null)
    {
        Settings = settings ?? new StyleSteeringSettings();
        Settings.Validate();
    }

    /// <summary>The strengths.</summary>
    public StyleSteeringSettings Settings { get; }

    /// <summary>Whether a style is being steered toward.</summary>
    public bool Active { get; private set; }

    /// <summary>The polyphony limit for a sampler configured with <paramref name="configured"/>.</summary>
    public int PolyphonyLimit(int configured) => Active && _polyphony > 0 ? Math.Min(configured, _polyphony) : configured;

    /// <summary>Precomputes the bias tables for <paramref name="style"/>; null (or a style without notes) turns steering off. Allocation-free.</summary>
    public void Configure(PerformerStyle? style)
    {
        Active = style is { Notes: > 0 };
        if (style is null || !Active)
        {
            return;
        }

        var s = Settings;
        _polyphony = !s.PolyphonyFollowsTexture ? 0 : style.IsSingleLine ? 1 : style.MaxPolyphony + s.PolyphonySlack;

        var width = 1.5 * Math.Max(style.PitchSpread, 3);
        for (var p = 0; p < Pitches; p++)
        {
            var z = (p - style.MeanPitch) / width;
            var outside = Math.Max(0, Math.Max(style.LowestPitch - p, p - style.HighestPitch));
            _pitchBias[p] = (float)(-s.RegisterStrength * ((z * z / 2) + (outside / 2.0)));
        }

        var velocityWidth = Math.Max(style.VelocitySpread, MinVelocityWidth);
        for (var bin = 0; bin < _velocityBias.Length; bin++)
        {
            var z = (Vocabulary.VelocityOfBin(bin) - style.VelocityMean) / velocityWidth;
            _velocityBias[bin] = (float)(-s.VelocityStrength * z * z / 2);
        }

        var pulse = style.Pulse;
        var steerTime = pulse.IsKnown && pulse.Fit >= s.MinGridFit;
        _grid = steerTime ? pulse.GridSeconds : 0;
        _tolerance = steerTime ? Pulse.Tolerance(pulse.GridSeconds) : 0;
        _gridStrength = steerTime ? s.GridStrength : 0;
        Array.Clear(_stepBias);
        if (steerTime && s.IntervalStrength > 0)
        {
            var shares = style.GridStepShares;
            var most = 0.0;
            for (var k = 0; k < shares.Count; k++)
            {
                most = Math.Max(most, shares[k]);
            }

            most += 0.5 / Math.Max(style.Notes, 1);
            for (var k = 1; k <= PerformerStyle.MaxGridSteps; k++)
            {
                // Half a count of smoothing so an unused note value is unlikely, not impossible.
                var share = shares[k - 1] + (0.5 / Math.Max(style.Notes, 1));
                _stepBias[k] = Math.Max(Floor, (float)Math.Log(share / most)) * s.IntervalStrength;
            }
        }

        _logMedianDuration = Math.Log(Math.Max(style.MedianDurationSeconds, Vocabulary.TimeStepSeconds));
        _durationSpread = Math.Max(style.DurationLogSpread, 0.25);
    }

    /// <summary>
    /// Adds the style terms to <paramref name="logits"/> [V]. Allocation-free.
    /// </summary>
    /// <param name="logits">Next-event logits; masked entries may be anything (the draw masks them after).</param>
    /// <param name="sinceOnset">Seconds since the last note-on (or since the clock started when none).</param>
    /// <param name="sounding">Per pitch: whether it sounds.</param>
    /// <param name="held">Per pitch: seconds it has sounded (read only where sounding).</param>
    public void Apply(Span<float> logits, double sinceOnset, ReadOnlySpan<bool> sounding, ReadOnlySpan<double> held)
    {
        if (!Active)
        {
            return;
        }

        var s = Settings;
        if (s.RegisterStrength > 0)
        {
            for (var p = 0; p < Pitches; p++)
            {
                logits[Vocabulary.NoteOn(p)] += _pitchBias[p];
            }
        }

        if (s.VelocityStrength > 0)
        {
            for (var bin = 0; bin < _velocityBias.Length; bin++)
            {
                logits[Vocabulary.Velocity(bin)] += _velocityBias[bin];
            }
        }

        if (s.DurationStrength > 0)
        {
            for (var p = 0; p < Pitches; p++)
            {
                if (sounding[p])
                {
                    logits[Vocabulary.NoteOff(p)] += DurationBias(held[p]);
                }
            }
        }

        if (_grid > 0)
        {
            for (var steps = 1; steps <= Vocabulary.TimeShiftSteps; steps++)
            {
                logits[Vocabulary.TimeShift(steps)] += TimeBias(sinceOnset + (steps * Vocabulary.TimeStepSeconds));
            }
        }
    }

    private float DurationBias(double heldSeconds)
    {
        // Early releases are discouraged and late ones encouraged, both growing with the log-distance from their median.
        var log = Math.Log(Math.Max(heldSeconds, Vocabulary.TimeStepSeconds));
        var z = (log - _logMedianDuration) / _durationSpread;
        var bias = (float)(Settings.DurationStrength * Math.Min(z * z, 9) / 2);
        return log < _logMedianDuration ? -bias : bias;
    }

    private float TimeBias(double landing)
    {
        var steps = Math.Round(landing / _grid);
        var miss = Math.Min(Math.Abs(landing - (steps * _grid)) / _tolerance, 3);
        var bias = -_gridStrength * (float)(miss * miss) / 2;
        var k = (int)Math.Clamp(steps, 1, PerformerStyle.MaxGridSteps);
        return bias + _stepBias[k];
    }
}
