namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>Working arrays for measuring a style, allocated once so that a sampler can measure its primer without allocating.</summary>
internal sealed class StyleScratch
{
    /// <summary>Inter-onset intervals are histogrammed in 10 ms bins up to this many seconds.</summary>
    public const double MaxInterOnsetSeconds = 2.5;

    public StyleScratch(int capacity)
    {
        InterOnsets = new double[capacity];
        Durations = new double[capacity];
        Overlapping = new bool[capacity];
        EndsPhrase = new bool[capacity];
        Order = new int[capacity];
        Candidates = new double[4 * (IntervalBins.Length + 1)];
    }

    /// <summary>Inter-onset intervals between distinct onsets, seconds.</summary>
    public double[] InterOnsets { get; }

    /// <summary>Note lengths, seconds (sorted in place for the median).</summary>
    public double[] Durations { get; }

    /// <summary>Per note: whether it overlaps another note.</summary>
    public bool[] Overlapping { get; }

    /// <summary>Per note: whether it sounds until its phrase's last moment.</summary>
    public bool[] EndsPhrase { get; }

    /// <summary>Note indices, sorted by pitch.</summary>
    public int[] Order { get; }

    /// <summary>Counts of inter-onset intervals per 10 ms bin.</summary>
    public int[] IntervalBins { get; } = new int[(int)(MaxInterOnsetSeconds * 100) + 1];

    /// <summary>Candidate grids, seconds.</summary>
    public double[] Candidates { get; }
}
