using EdgeMeta.EdgeRuntime.Corpus;

namespace EdgeMeta.Trainer.Training;

/// <summary>Separates held-out families (never trained on) from training tasks.</summary>
public static class HoldoutSplit
{
    /// <summary>
    /// True when <paramref name="family"/> is held out: an entry matches the full family name ("jsb/test")
    /// or its last '/'-segment ("waltzes" matches "nottingham/waltzes"), ignoring case.
    /// </summary>
    public static bool IsHeldOut(string family, IReadOnlyList<string> holdout)
    {
        ArgumentNullException.ThrowIfNull(family);
        ArgumentNullException.ThrowIfNull(holdout);
        var last = family[(family.LastIndexOf('/') + 1)..];
        return holdout.Any(h => string.Equals(h, family, StringComparison.OrdinalIgnoreCase) || string.Equals(h, last, StringComparison.OrdinalIgnoreCase));
    }

    public static (IReadOnlyList<MusicTask> Train, IReadOnlyList<MusicTask> HeldOut) Split(IReadOnlyList<MusicTask> tasks, IReadOnlyList<string> holdout)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var train = tasks.Where(t => !IsHeldOut(t.Family, holdout)).ToArray();
        var heldOut = tasks.Where(t => IsHeldOut(t.Family, holdout)).ToArray();
        return (train, heldOut);
    }
}
