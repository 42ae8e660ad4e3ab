namespace EdgeMeta.Firmware.Simulation;

/// <summary>
/// The simulator's log: keeps the last lines for the terminal panel and, when headless, also writes each line to
/// a writer (stderr) with the seconds since start, so a CI log reads like the journal.
/// </summary>
public sealed class LogLines(TextWriter? writer)
{
    private readonly Lock _gate = new();
    private readonly List<string> _recent = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

    /// <summary>Adds one line (any thread).</summary>
    public void Add(string line)
    {
        lock (_gate)
        {
            _recent.Add(line);
            if (_recent.Count > 50)
            {
                _recent.RemoveAt(0);
            }

            writer?.WriteLine(FormattableString.Invariant($"[{_clock.Elapsed.TotalSeconds,6:0.00}] {line}"));
        }
    }

    /// <summary>The last <paramref name="count"/> lines.</summary>
    public IReadOnlyList<string> Last(int count)
    {
        lock (_gate)
        {
            return [.. _recent.TakeLast(count)];
        }
    }
}
