using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The statistics of a set of phrases that the style distances compare: histograms of pitch class,
/// melodic interval, inter-onset interval and velocity over its note onsets, and its note density.
/// Onsets are read straight from the tokens (TIME_SHIFT advances the clock, VELOCITY sets the current
/// velocity, NOTE_ON is an onset); intervals and inter-onset intervals never cross phrase boundaries.
/// </summary>
public sealed class StyleProfile
{
    /// <summary>Melodic intervals are clamped to ±this many semitones (the end bins collect larger leaps).</summary>
    public const int MaxInterval = 12;

    /// <summary>
    /// Upper edges of the inter-onset-interval bins in seconds, octave-spaced (log-spaced) from 10 ms;
    /// bin 0 (below 10 ms, one TIME_SHIFT step) holds chord notes, the last bin everything from 2.56 s on.
    /// </summary>
    public static IReadOnlyList<double> InterOnsetEdges { get; } = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56];

    /// <summary>Velocity histogram bins: the 32 vocabulary bins grouped by 4 (16 MIDI velocity steps each).</summary>
    public const int VelocityHistogramBins = 8;

    private StyleProfile(double[] pitchClass, double[] interval, double[] interOnset, double[] velocity, int notes, double seconds)
    {
        PitchClass = pitchClass;
        Interval = interval;
        InterOnset = interOnset;
        Velocity = velocity;
        Notes = notes;
        Seconds = seconds;
    }

    /// <summary>Counts per pitch class C..B [12].</summary>
    public IReadOnlyList<double> PitchClass { get; }

    /// <summary>Counts per interval −12..+12 semitones [25].</summary>
    public IReadOnlyList<double> Interval { get; }

    /// <summary>Counts per inter-onset-interval bin [<see cref="InterOnsetEdges"/>.Count + 1].</summary>
    public IReadOnlyList<double> InterOnset { get; }

    /// <summary>Counts per velocity bin [<see cref="VelocityHistogramBins"/>].</summary>
    public IReadOnlyList<double> Velocity { get; }

    /// <summary>Number of note onsets.</summary>
    public int Notes { get; }

    /// <summary>Total duration: the sum of the phrases' TIME_SHIFTs.</summary>
    public double Seconds { get; }

    /// <summary>Notes per second; 0 when the phrases take no time.</summary>
    public double NoteDensity => Seconds > 0 ? Notes / Seconds : 0;

    /// <summary>Reads the onsets of <paramref name="phrases"/>.</summary>
    /// <param name="phrases">Event tokens (specials are skipped).</param>
    public static StyleProfile Of(IEnumerable<Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var pitchClass = new double[12];
        var interval = new double[(2 * MaxInterval) + 1];
        var interOnset = new double[InterOnsetEdges.Count + 1];
        var velocity = new double[VelocityHistogramBins];
        var notes = 0;
        var seconds = 0.0;
        foreach (var phrase in phrases)
        {
            var time = 0.0;
            var velocityBin = Vocabulary.BinOfVelocity(64); // what a tokenizer assumes before the first VELOCITY
            int? lastPitch = null;
            var lastOnset = 0.0;
            foreach (var token in phrase.Tokens)
            {
                if (Vocabulary.IsTimeShift(token))
                {
                    time += Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds;
                }
                else if (Vocabulary.IsVelocity(token))
                {
                    velocityBin = Vocabulary.VelocityBinOf(token);
                }
                else if (Vocabulary.IsNoteOn(token))
                {
                    var pitch = Vocabulary.PitchOf(token);
                    notes++;
                    pitchClass[pitch % 12]++;
                    velocity[velocityBin * VelocityHistogramBins / Vocabulary.VelocityBins]++;
                    if (lastPitch is int previous)
                    {
                        interval[Math.Clamp(pitch - previous, -MaxInterval, MaxInterval) + MaxInterval]++;
                        interOnset[InterOnsetBin(time - lastOnset)]++;
                    }

                    lastPitch = pitch;
                    lastOnset = time;
                }
            }

            seconds += time;
        }

        return new StyleProfile(pitchClass, interval, interOnset, velocity, notes, seconds);
    }

    private static int InterOnsetBin(double seconds)
    {
        // A small tolerance so that k TIME_SHIFT steps summed in floating point land in the bin of k · 10 ms.
        var bin = 0;
        while (bin < InterOnsetEdges.Count && seconds >= InterOnsetEdges[bin] - 1e-9)
        {
            bin++;
        }

        return bin;
    }
}
