namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Where the generator puts an answer's events: the output scheduler's lookahead, seen through the four things the
/// generator needs and nothing else.
/// </summary>
public interface IAnswerOutput
{
    /// <summary>The current answer generation; events of another generation are skipped (the answer was cancelled).</summary>
    int Generation { get; }

    /// <summary>Queues one event; false when the lookahead is full (try again shortly).</summary>
    bool TryWrite(in ScheduledEvent item);

    /// <summary>Wakes the output thread after writing.</summary>
    void Notify();

    /// <summary>The next note-on of <paramref name="generation"/> is an answer's first note (its lateness is logged).</summary>
    void ExpectFirstNote(int generation);
}
