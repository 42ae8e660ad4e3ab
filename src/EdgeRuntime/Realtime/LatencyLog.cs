namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Pre-allocated sample store for the playing path (answer latency, event jitter): writing a sample never
/// allocates; when full, the oldest samples are overwritten. Percentiles are computed off the playing path.
/// </summary>
public sealed class LatencyLog(int capacity = 65536)
{
    private readonly double[] _samples = new double[capacity];
    private long _written;

    /// <summary>Samples recorded in total (including overwritten ones).</summary>
    public long Total => Interlocked.Read(ref _written);

    /// <summary>Most recent sample, or NaN.</summary>
    public double Last => Total == 0 ? double.NaN : _samples[(Total - 1) % _samples.Length];

    /// <summary>Adds a sample (milliseconds).</summary>
    public void Add(double milliseconds)
    {
        var index = Interlocked.Increment(ref _written) - 1;
        _samples[index % _samples.Length] = milliseconds;
    }

    /// <summary>Forgets every sample (call while nothing writes, e.g. between benchmark calls).</summary>
    public void Clear() => Interlocked.Exchange(ref _written, 0);

    /// <summary>A copy of the retained samples, oldest first.</summary>
    public double[] Snapshot()
    {
        var total = Total;
        var count = (int)Math.Min(total, _samples.Length);
        var copy = new double[count];
        for (var i = 0; i < count; i++)
        {
            copy[i] = _samples[(total - count + i) % _samples.Length];
        }

        return copy;
    }

    /// <summary>
    /// The samples added after the first <paramref name="mark"/> (a <see cref="Total"/> read earlier), oldest first, and
    /// moves <paramref name="mark"/> to the current total: a reader's window of samples, polled off the playing path.
    /// Samples overwritten before the call are not returned.
    /// </summary>
    public double[] Since(ref long mark)
    {
        var total = Total;
        var count = (int)Math.Min(Math.Max(total - mark, 0), _samples.Length);
        var copy = new double[count];
        for (var i = 0; i < count; i++)
        {
            copy[i] = _samples[(total - count + i) % _samples.Length];
        }

        mark = total;
        return copy;
    }

    /// <summary>The q-quantile (0..1) of the retained samples (nearest rank), or NaN when empty.</summary>
    public double Percentile(double q)
    {
        var sorted = Snapshot();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        Array.Sort(sorted);
        return NearestRank(sorted, q);
    }

    /// <summary>The q-quantile (0..1) of already sorted samples by nearest rank, or NaN when empty.</summary>
    public static double NearestRank(ReadOnlySpan<double> sorted, double q) =>
        sorted.IsEmpty ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
}
