namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// Finds the onset grid and the beat from inter-onset intervals. The grid is the coarsest candidate (an
/// observed interval divided by 1–4) that puts nearly as many intervals on its multiples as the best one does,
/// so a run of eighths with some quarters gives the eighth, not a needlessly fine sixteenth. The beat is the
/// multiple of the grid (1–4 steps, 40–240 bpm) on whose steps the onsets cluster most, with the best phase
/// (so a pickup does not mislead it): three for jigs and triplets, two or four for straight time.
/// </summary>
internal static class PulseDetector
{
    private const int MinIntervals = 4;
    private const double MinGridSeconds = 0.06;
    private const double MaxGridSeconds = 1.2;
    private const double MinBeatSeconds = 0.25;
    private const double MaxBeatSeconds = 1.5;
    private const double PreferredBeatSeconds = 0.5;
    private const double TieBand = 0.2;

    public static Pulse Detect(ReadOnlySpan<PlayedNote> notes, ReadOnlySpan<double> intervals, StyleScratch scratch)
    {
        if (intervals.Length < MinIntervals)
        {
            return Pulse.Unknown;
        }

        var bins = scratch.IntervalBins.AsSpan();
        bins.Clear();
        var total = 0;
        foreach (var gap in intervals)
        {
            var bin = (int)Math.Round(gap * 100);
            if (bin < bins.Length)
            {
                bins[bin]++;
                total++;
            }
        }

        if (total < MinIntervals)
        {
            return Pulse.Unknown;
        }

        var candidates = 0;
        for (var bin = 1; bin < bins.Length; bin++)
        {
            if (bins[bin] == 0)
            {
                continue;
            }

            for (var divisor = 1; divisor <= 4; divisor++)
            {
                var grid = bin * 0.01 / divisor;
                if (grid is >= MinGridSeconds and <= MaxGridSeconds)
                {
                    scratch.Candidates[candidates++] = grid;
                }
            }
        }

        if (candidates == 0)
        {
            return Pulse.Unknown;
        }

        var best = 0.0;
        for (var c = 0; c < candidates; c++)
        {
            best = Math.Max(best, Fit(bins, total, scratch.Candidates[c]));
        }

        var chosen = 0.0;
        var chosenFit = 0.0;
        for (var c = 0; c < candidates; c++)
        {
            var grid = scratch.Candidates[c];
            var fit = Fit(bins, total, grid);
            if (fit >= best - 0.05 && grid > chosen)
            {
                chosen = grid;
                chosenFit = fit;
            }
        }

        return new Pulse(chosen, Beat(notes, chosen), chosenFit);
    }

    // Share of the intervals within tolerance of a whole multiple (≥ 1) of the grid.
    private static double Fit(ReadOnlySpan<int> bins, int total, double grid)
    {
        var tolerance = Pulse.Tolerance(grid);
        var on = 0;
        for (var bin = 1; bin < bins.Length; bin++)
        {
            if (bins[bin] == 0)
            {
                continue;
            }

            var seconds = bin * 0.01;
            var steps = Math.Max(1, Math.Round(seconds / grid));
            if (Math.Abs(seconds - (steps * grid)) <= tolerance + 1e-9)
            {
                on += bins[bin];
            }
        }

        return (double)on / total;
    }

    // Steps per beat: the grouping whose best phase holds the largest share of onsets, relative to chance.
    private static int Beat(ReadOnlySpan<PlayedNote> notes, double grid)
    {
        Span<int> counts = stackalloc int[5 * 4]; // [m, phase] for m = 1..4
        counts.Clear();
        var onsets = 0;
        var first = 0.0;
        var last = double.NegativeInfinity;
        for (var i = 0; i < notes.Length; i++)
        {
            if (i == 0 || notes[i].Phrase != notes[i - 1].Phrase)
            {
                first = notes[i].Onset;
                last = double.NegativeInfinity;
            }

            if (notes[i].Onset - last <= PerformerStyle.ChordSeconds)
            {
                continue;
            }

            last = notes[i].Onset;
            var position = (int)Math.Round((notes[i].Onset - first) / grid);
            for (var m = 1; m <= 4; m++)
            {
                counts[(m * 4) + (position % m)]++;
            }

            onsets++;
        }

        var bestSteps = 0;
        var bestScore = 0.0;
        for (var m = 1; m <= 4; m++)
        {
            var beat = m * grid;
            if (beat is < MinBeatSeconds or > MaxBeatSeconds)
            {
                continue;
            }

            var most = 0;
            for (var phase = 0; phase < m; phase++)
            {
                most = Math.Max(most, counts[(m * 4) + phase]);
            }

            // 1 = onsets spread evenly over the steps (no evidence); near-ties (a short phrase says little) go to the
            // beat nearest 120 bpm.
            var score = onsets == 0 ? 1 : (double)most / onsets * m;
            var better = score > bestScore + TieBand
                || (Math.Abs(score - bestScore) <= TieBand && Math.Abs(beat - PreferredBeatSeconds) < Math.Abs((bestSteps * grid) - PreferredBeatSeconds));
            if (bestSteps == 0 || better)
            {
                bestSteps = m;
                bestScore = Math.Max(score, bestScore);
            }
        }

        return bestSteps == 0 ? 1 : bestSteps;
    }
}
