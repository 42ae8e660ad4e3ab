using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Single-line or polyphonic: a task is single-line when at most <see cref="MaxSingleLineOverlap"/> of its notes
/// overlap another (a stray grace note or a held final does not make a chorale), and a family is single-line when
/// at least half of its tasks are.
/// </summary>
public static class TaskTexture
{
    /// <summary>Largest share of overlapping notes a single-line task may have.</summary>
    public const double MaxSingleLineOverlap = 0.02;

    /// <summary>Whether <paramref name="task"/> is single-line.</summary>
    public static bool IsSingleLine(MusicTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return PerformerStyle.Of(task.Phrases) is not { } style || style.OverlapShare <= MaxSingleLineOverlap;
    }
}
