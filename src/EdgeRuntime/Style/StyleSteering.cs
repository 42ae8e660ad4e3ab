using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// The sampler's style terms: given a <see cref="PerformerStyle"/>, it precomputes bias tables once
/// (<see cref="Configure"/>, at the start of an answer) and then adds them to each step's logits
/// (<see cref="Apply"/>, allocation-free): register on NOTE_ON (their range, and a tilt that keeps the answer's mean
/// pitch on theirs), dynamics on VELOCITY (their velocity distribution), note lengths on NOTE_OFF (the release hazard
/// of their notes near its pitch), grid, tempo and interval feedback on TIME_SHIFT, and the polyphony limit that follows the
/// performer's texture. The answer's own tokens come back through <see cref="Accepted"/>, which keeps the per-answer
/// register drift and the length and inter-onset-interval histograms.
/// </summary>
public sealed class StyleSteering
{
    private const int Pitches = 128;
    private const float Floor = -3f;
    private const float VelocityFloor = -12f;
    private const float LengthFloor = -12f;
    private const int LengthBins = 192;                   // log-spaced note lengths from one 10 ms step ...
    private const double LengthBinsPerE = LengthBins / 6.25; // ... to e^6.25 steps (5.2 s): about 3 % per bin, well inside a kernel width
    private const double PriorNotes = 8;                  // the answer's own histograms start as this many notes shaped like theirs
    private const double Epsilon = 1e-3;
    private const double MinPitchSpread = 3;
    private const double MaxDrift = 12;
    private const double HazardLeadWidths = 2;            // a note of theirs up to this many kernel widths longer than t still counts as "at" t

    private readonly float[] _pitchBias = new float[Pitches];
    private readonly float[] _velocityBias = new float[Vocabulary.VelocityBins];
    private readonly float[] _stepBias = new float[PerformerStyle.MaxGridSteps + 1]; // by grid steps, [0] unused
    private double _grid;
    private double _tolerance;
    private float _gridStrength;
    private double _logMedianDuration;
    private double _durationSpread;
    private int _polyphony;
    private readonly float[] _lengthBias = new float[Pitches * LengthBins]; // [pitch, length bin]: ln of their length density near the pitch
    private readonly int[] _longestBin = new int[Pitches];  // per pitch, the length bin of the longest of their notes near it
    private readonly double[] _lengthCounts = new double[LengthBins];
    private readonly double[] _lengthDensity = new double[LengthBins];
    private readonly double[] _survivors = new double[LengthBins + 1]; // per length bin, the voice's notes at least this long (suffix sums)
    private readonly double[] _theirLengths = new double[LengthBins];  // share of all their notes per length bin, smoothed
    private readonly double[] _answerLengths = new double[LengthBins]; // the answer's released notes per length bin
    private int _answerReleases;
    private readonly double[] _lengthKernel;           // Gaussian weights by bin distance, out to three kernel widths
    private readonly int _kernelReach;                 // bins either side a kernel reaches
    private readonly double[] _theirSteps = new double[PerformerStyle.MaxGridSteps + 1];  // their share of k-step intervals, [0] unused
    private readonly double[] _answerSteps = new double[PerformerStyle.MaxGridSteps + 1]; // the answer's k-step intervals so far
    private readonly float[] _stepFeedback = new float[PerformerStyle.MaxGridSteps + 1];  // interval feedback by grid steps
    private int _answerIntervals;
    private int _answerOnsets;
    private double _answerSinceOnset; // seconds of the answer's TIME_SHIFTs since its last note-on
    private double _centre;
    private double _pitchVariance;
    private double _driftSum;       // sum of (pitch − their mean) over the answer's notes read so far
    private int _driftNotes;
    private double _pendingDrift;   // notes started since the clock last moved (one chord)
    private int _pendingNotes;
    private float _tilt;            // current NOTE_ON tilt per semitone above their mean
    private bool _trackRegister;    // polyphonic performers only: a single line's drift is its contour

    /// <summary>Creates the steering with its settings; nothing is steered until <see cref="Configure"/> gets a style.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public StyleSteering(StyleSteeringSettings? settings = null)
    {
        Settings = settings ?? new StyleSteeringSettings();
        Settings.Validate();
        var width = Settings.LengthKernelWidth * LengthBinsPerE; // in bins
        _kernelReach = Math.Max(1, (int)Math.Ceiling(3 * width));
        _lengthKernel = new double[_kernelReach + 1];
        for (var d = 0; d <= _kernelReach; d++)
        {
            _lengthKernel[d] = Math.Exp(-(d / width) * (d / width) / 2);
        }
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
        _driftSum = 0;
        _driftNotes = 0;
        _pendingDrift = 0;
        _pendingNotes = 0;
        _tilt = 0;
        Array.Clear(_answerLengths);
        _answerReleases = 0;
        Array.Clear(_answerSteps);
        Array.Clear(_theirSteps);
        Array.Clear(_stepFeedback);
        _answerIntervals = 0;
        _answerOnsets = 0;
        _answerSinceOnset = 0;
        if (style is null || !Active)
        {
            return;
        }

        var s = Settings;
        _polyphony = !s.PolyphonyFollowsTexture ? 0 : style.IsSingleLine ? 1 : style.MaxPolyphony + s.PolyphonySlack;

        var width = 1.5 * Math.Max(style.PitchSpread, MinPitchSpread);
        for (var p = 0; p < Pitches; p++)
        {
            var z = (p - style.MeanPitch) / width;
            var outside = Math.Max(0, Math.Max(style.LowestPitch - p, p - style.HighestPitch));
            _pitchBias[p] = (float)(-s.RegisterStrength * ((z * z / 2) + (outside / 2.0)));
        }

        _centre = style.MeanPitch;
        _trackRegister = !style.IsSingleLine;
        _pitchVariance = Math.Pow(Math.Max(style.PitchSpread, MinPitchSpread), 2);
        ConfigureVelocity(style);
        if (s.LengthsNearPitch && s.DurationStrength > 0)
        {
            ConfigureLengths(style);
        }

        var pulse = style.Pulse;
        var steerTime = pulse.IsKnown && pulse.Fit >= s.MinGridFit;
        _grid = steerTime ? pulse.GridSeconds : 0;
        _tolerance = steerTime ? Pulse.Tolerance(pulse.GridSeconds) : 0;
        _gridStrength = steerTime ? s.GridStrength : 0;
        Array.Clear(_stepBias);
        if (steerTime)
        {
            for (var k = 1; k <= PerformerStyle.MaxGridSteps; k++)
            {
                _theirSteps[k] = style.GridStepShares[k - 1];
            }
        }

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
    /// Tells the steering which token the answer drew (not primer tokens): a NOTE_ON counts toward the register drift and
    /// (after the clock moved) ends one of the answer's inter-onset intervals, a TIME_SHIFT folds the notes since the last one (one chord) into the drift and updates the tilt, a NOTE_OFF after
    /// <paramref name="heldSeconds"/> joins the answer's length histogram. Allocation-free.
    /// </summary>
    /// <param name="token">The token drawn (or forced).</param>
    /// <param name="heldSeconds">For a NOTE_OFF, how long its note sounded.</param>
    public void Accepted(int token, double heldSeconds = 0)
    {
        if (!Active)
        {
            return;
        }

        if (Vocabulary.IsNoteOff(token) && heldSeconds > 0)
        {
            _answerLengths[LengthBin(heldSeconds)]++;
            _answerReleases++;
        }
        else if (Vocabulary.IsNoteOn(token))
        {
            _pendingDrift += Vocabulary.PitchOf(token) - _centre;
            _pendingNotes++;
            CountInterval();
        }
        else if (Vocabulary.IsTimeShift(token))
        {
            _answerSinceOnset += Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds;
        }

        if (Vocabulary.IsTimeShift(token) && _pendingNotes > 0)
        {
            _driftSum += _pendingDrift;
            _driftNotes += _pendingNotes;
            _pendingDrift = 0;
            _pendingNotes = 0;
            var drift = Math.Clamp(_driftSum / (_driftNotes + Settings.RegisterPriorNotes), -MaxDrift, MaxDrift);
            _tilt = _trackRegister ? (float)(-Settings.RegisterTracking * drift / _pitchVariance) : 0;
        }
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
        if (s.RegisterStrength > 0 || _tilt != 0)
        {
            for (var p = 0; p < Pitches; p++)
            {
                logits[Vocabulary.NoteOn(p)] += _pitchBias[p] + (_tilt * (float)(p - _centre));
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
                    logits[Vocabulary.NoteOff(p)] += DurationBias(p, held[p]);
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

    // Kernel density of their velocity bins (Silverman's bandwidth, never narrower than one bin can resolve), as log-ratios.
    private void ConfigureVelocity(PerformerStyle style)
    {
        var shares = style.VelocityBinShares;
        var width = Math.Max(1.06 * style.VelocitySpread * Math.Pow(style.Notes, -0.2), Settings.MinVelocityWidth);
        var most = double.NegativeInfinity;
        for (var bin = 0; bin < _velocityBias.Length; bin++)
        {
            var v = Vocabulary.VelocityOfBin(bin);
            var density = 0.0;
            for (var other = 0; other < shares.Count; other++)
            {
                if (shares[other] > 0)
                {
                    var z = (v - Vocabulary.VelocityOfBin(other)) / width;
                    density += shares[other] * Math.Exp(-z * z / 2);
                }
            }

            var log = density > 0 ? Math.Log(density) : double.NegativeInfinity;
            _velocityBias[bin] = (float)log;   // log-density for now; made relative to the most likely bin below
            most = Math.Max(most, log);
        }

        for (var bin = 0; bin < _velocityBias.Length; bin++)
        {
            var relative = double.IsNegativeInfinity(_velocityBias[bin]) ? VelocityFloor : Math.Max(VelocityFloor, _velocityBias[bin] - most);
            _velocityBias[bin] = (float)(Settings.VelocityStrength * relative);
        }
    }

    // Per pitch, the release hazard of their note lengths among the notes nearest to it (one voice's worth): of their
    // notes that last about t or longer, the share that ends at t (the kernel density at t over the notes not clearly
    // shorter), as ln(hazard); without LengthHazard, ln(density / its most likely length). Past their longest length the
    // release is encouraged, growing as a kernel width away, so no note outlasts its voice for long.
    private void ConfigureLengths(PerformerStyle style)
    {
        var voice = style.VoiceNotes;
        var width = Settings.LengthKernelWidth * LengthBinsPerE; // in bins
        var lead = (int)Math.Round(HazardLeadWidths * width);
        Array.Clear(_lengthCounts);
        for (var i = 0; i < style.Notes; i++)
        {
            _lengthCounts[LengthBin(style.LengthAt(i))]++;
        }

        Spread(_lengthCounts, _theirLengths);
        for (var b = 0; b < LengthBins; b++)
        {
            _theirLengths[b] /= style.Notes;
        }

        var previous = -1;
        for (var p = 0; p < Pitches; p++)
        {
            var row = _lengthBias.AsSpan(p * LengthBins, LengthBins);
            var start = style.VoiceStart(p);
            if (start == previous)
            {
                _lengthBias.AsSpan((p - 1) * LengthBins, LengthBins).CopyTo(row);
                _longestBin[p] = _longestBin[p - 1];
                continue;
            }

            previous = start;
            Array.Clear(_lengthCounts);
            Array.Clear(_survivors);
            var longest = 0;
            var releases = 0;
            for (var i = 0; i < voice; i++)
            {
                // A note that sounded until its phrase ended was still held when we stopped seeing it: it counts among the
                // notes that lasted that long, not as a release there.
                var position = (i + 0.5) / voice;
                var bin = LengthBin(style.NoteLengthNear(p, position));
                var released = !(Settings.LengthHazard && Settings.PhraseEndsCensored && style.EndsPhraseNear(p, position));
                _survivors[bin]++;
                _lengthCounts[bin] += released ? 1 : 0;
                releases += released ? 1 : 0;
                longest = Math.Max(longest, bin);
            }

            if (releases == 0)
            {
                // Every note of the voice ended with its phrase (a call of one held chord): their lengths are all there is.
                _survivors.AsSpan(0, LengthBins).CopyTo(_lengthCounts);
            }

            _longestBin[p] = longest;
            for (var b = LengthBins - 1; b >= 0; b--)
            {
                _survivors[b] += _survivors[b + 1];
            }

            Spread(_lengthCounts, _lengthDensity);
            var most = 0.0;
            for (var b = 0; b < LengthBins; b++)
            {
                most = Math.Max(most, _lengthDensity[b]);
            }

            for (var b = 0; b < LengthBins; b++)
            {
                // Up to their longest length the longest note is among the survivors (n ≥ 1); a kernel can still spread more than n there.
                var density = _lengthDensity[b];
                var reference = Settings.LengthHazard ? _survivors[Math.Max(0, b - lead)] : most;
                var past = (b - longest) / width;
                row[b] = b > longest ? (float)(Math.Min(past * past, 9) / 2)
                    : density > 0 ? Math.Max(LengthFloor, (float)Math.Log(Math.Min(1, density / reference))) : LengthFloor;
                row[b] *= Settings.DurationStrength;
            }
        }
    }

    // The kernel density of counts per bin, spread from the bins that have counts (a voice fills few of the bins):
    // each bin's sum adds its neighbours in the same ascending order as Smoothed, so the two agree exactly.
    private void Spread(double[] counts, double[] density)
    {
        Array.Clear(density);
        for (var j = 0; j < LengthBins; j++)
        {
            if (counts[j] == 0)
            {
                continue;
            }

            for (var b = Math.Max(0, j - _kernelReach); b <= Math.Min(LengthBins - 1, j + _kernelReach); b++)
            {
                density[b] += counts[j] * _lengthKernel[Math.Abs(b - j)];
            }
        }
    }

    private double Smoothed(double[] counts, int bin)
    {
        var sum = 0.0;
        for (var j = Math.Max(0, bin - _kernelReach); j <= Math.Min(LengthBins - 1, bin + _kernelReach); j++)
        {
            sum += counts[j] * _lengthKernel[Math.Abs(bin - j)];
        }

        return sum;
    }

    // How much rarer (or commoner) this length is in the answer so far than among their notes: the answer's own length
    // histogram is pulled toward theirs. Starts at 0: the answer's histogram begins as PriorNotes notes shaped like theirs.
    private float LengthFeedback(int bin)
    {
        var their = _theirLengths[bin];
        var answer = (Smoothed(_answerLengths, bin) + (PriorNotes * their)) / (_answerReleases + PriorNotes);
        return (float)Math.Clamp(Settings.LengthFeedback * Math.Log((their + Epsilon) / (answer + Epsilon)), -3, 3);
    }

    private static int LengthBin(double seconds) =>
        Math.Clamp((int)Math.Round(Math.Log(Math.Max(seconds, Vocabulary.TimeStepSeconds) / Vocabulary.TimeStepSeconds) * LengthBinsPerE), 0, LengthBins - 1);

    private float DurationBias(int pitch, double heldSeconds)
    {
        if (Settings.LengthsNearPitch)
        {
            // Releasing now makes a note of this length: as likely as such lengths are among their notes near this pitch.
            // Past their longest the feedback is left out: there their share is nil, so once the answer has one such note the
            // feedback would hold every later over-long note longer still (up to the forced release) instead of letting go.
            var bin = LengthBin(heldSeconds);
            var feedback = Settings.LengthFeedback > 0 && bin <= _longestBin[pitch] ? LengthFeedback(bin) : 0;
            return _lengthBias[(pitch * LengthBins) + bin] + feedback;
        }

        // Their median: early releases are discouraged and late ones encouraged, both growing with the log-distance.
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
        return bias + _stepBias[k] + _stepFeedback[k];
    }

    // A note-on after the clock moved ends one of the answer's inter-onset intervals (chord notes share their onset):
    // it joins the answer's interval histogram in grid steps, and the interval feedback is recomputed from it.
    private void CountInterval()
    {
        var since = _answerSinceOnset;
        _answerSinceOnset = 0;
        if (_answerOnsets++ == 0 || since <= PerformerStyle.ChordSeconds || _grid <= 0 || Settings.IntervalFeedback <= 0)
        {
            return;
        }

        _answerSteps[(int)Math.Clamp(Math.Round(since / _grid), 1, PerformerStyle.MaxGridSteps)]++;
        _answerIntervals++;
        for (var k = 1; k <= PerformerStyle.MaxGridSteps; k++)
        {
            var their = _theirSteps[k];
            var answer = (_answerSteps[k] + (PriorNotes * their)) / (_answerIntervals + PriorNotes);
            _stepFeedback[k] = (float)Math.Clamp(Settings.IntervalFeedback * Math.Log((their + Epsilon) / (answer + Epsilon)), -3, 3);
        }
    }
}
