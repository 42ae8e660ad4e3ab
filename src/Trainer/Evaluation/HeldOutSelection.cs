using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Which tasks a model never trained on: those of its held-out families, and every task of a corpus it never
/// saw (a corpus is named by its folder, the first part of a family name: "jsb" in "jsb/test").
/// </summary>
/// <param name="TrainedCorpora">Names of the corpus folders the model trained on.</param>
/// <param name="HeldOutFamilies">Families of those corpora that were kept out of training.</param>
public sealed record HeldOutSelection(IReadOnlyList<string> TrainedCorpora, IReadOnlyList<string> HeldOutFamilies)
{
    /// <summary>The selection of a trained run.</summary>
    public static HeldOutSelection Of(TrainedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        return new HeldOutSelection(CorpusNames(run.Metadata.DataFolders), run.Config.Training.Holdout);
    }

    /// <summary>Corpus names of data folder paths (their last folder name).</summary>
    public static IReadOnlyList<string> CorpusNames(IEnumerable<string> folders) =>
        folders.Select(f => Path.GetFileName(Path.TrimEndingDirectorySeparator(f))).Where(n => n.Length > 0).ToArray();

    /// <summary>The corpus a family belongs to.</summary>
    public static string CorpusOf(string family)
    {
        ArgumentNullException.ThrowIfNull(family);
        var slash = family.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? family : family[..slash];
    }

    /// <summary>Whether the model never trained on <paramref name="family"/>.</summary>
    public bool IsHeldOut(string family) =>
        !TrainedCorpora.Contains(CorpusOf(family), StringComparer.OrdinalIgnoreCase) || HoldoutSplit.IsHeldOut(family, HeldOutFamilies);

    /// <summary>
    /// The held-out tasks among <paramref name="tasks"/>, or only those of the families named in
    /// <paramref name="only"/> (each of which must be held out).
    /// </summary>
    /// <param name="tasks">Loaded tasks.</param>
    /// <param name="only">Optional family names (full or last segment) to restrict to.</param>
    /// <param name="source">What the model is, for error messages (a run or model folder).</param>
    /// <exception cref="InvalidOperationException">No loaded task is held out, or a named family was trained on.</exception>
    public IReadOnlyList<MusicTask> Select(IReadOnlyList<MusicTask> tasks, IReadOnlyList<string>? only, string source)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var chosen = tasks.Where(t => IsHeldOut(t.Family));
        if (only is { Count: > 0 })
        {
            var trained = tasks
                .Where(t => HoldoutSplit.IsHeldOut(t.Family, only) && !IsHeldOut(t.Family))
                .Select(t => t.Family)
                .Distinct(StringComparer.Ordinal)
                .ToArray();
            if (trained.Length > 0)
            {
                throw new InvalidOperationException($"{source}: [{string.Join(", ", trained)}] were trained on; scoring them would measure memory, not adaptation.");
            }

            chosen = chosen.Where(t => HoldoutSplit.IsHeldOut(t.Family, only));
        }

        var result = chosen.ToArray();
        if (result.Length == 0)
        {
            throw new InvalidOperationException(
                $"{source}: none of the loaded tasks is held out (held-out families [{string.Join(", ", HeldOutFamilies)}]; trained corpora [{string.Join(", ", TrainedCorpora)}], any other corpus counts as held out).");
        }

        return result;
    }

    /// <summary>
    /// The tasks of <paramref name="families"/>, each of which must be a family the model trained on: material for choosing
    /// sampler and steering settings without looking at the held-out families (there, NLL measures memory, not
    /// adaptation, and answers may echo what the model learned; the settings are what is compared).
    /// </summary>
    /// <param name="tasks">Loaded tasks.</param>
    /// <param name="families">Family names (full or last segment), at least one.</param>
    /// <param name="source">What the model is, for error messages.</param>
    /// <exception cref="ArgumentException">No family named.</exception>
    /// <exception cref="InvalidOperationException">A named family is held out, or none of the loaded tasks is in the named families.</exception>
    public IReadOnlyList<MusicTask> SelectTrainedOn(IReadOnlyList<MusicTask> tasks, IReadOnlyList<string> families, string source)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(families);
        if (families.Count == 0)
        {
            throw new ArgumentException("name at least one trained-on family to tune on", nameof(families));
        }

        var named = tasks.Where(t => HoldoutSplit.IsHeldOut(t.Family, families)).ToArray();
        var heldOut = named.Where(t => IsHeldOut(t.Family)).Select(t => t.Family).Distinct(StringComparer.Ordinal).ToArray();
        if (heldOut.Length > 0)
        {
            throw new InvalidOperationException($"{source}: [{string.Join(", ", heldOut)}] are held out; settings tuned on them would make their scores optimistic. Tune on trained-on families.");
        }

        if (named.Length == 0)
        {
            throw new InvalidOperationException($"{source}: none of the loaded tasks is in [{string.Join(", ", families)}].");
        }

        return named;
    }
}
