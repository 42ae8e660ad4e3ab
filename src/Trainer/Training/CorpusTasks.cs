using EdgeMeta.EdgeRuntime.Corpus;

namespace EdgeMeta.Trainer.Training;

/// <summary>
/// Loads several corpus folders into one task list. Families are qualified with the corpus folder's name
/// ("nottingham/jigs", "jsb/test"; "pop909" stays as it is) so held-out entries can name a corpus split.
/// </summary>
public static class CorpusTasks
{
    /// <exception cref="DirectoryNotFoundException">A folder does not exist.</exception>
    /// <exception cref="InvalidDataException">A folder holds no usable task.</exception>
    public static IReadOnlyList<MusicTask> Load(IReadOnlyList<string> folders, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var tasks = new List<MusicTask>();
        foreach (var folder in folders)
        {
            var result = CorpusLoader.Load(folder);
            var corpus = Path.GetFileName(result.Root);
            if (result.Tasks.Count == 0)
            {
                throw new InvalidDataException($"{folder}: no MIDI file with a usable phrase ({result.FilesTotal} files, {result.Failures.Count} failed).");
            }

            tasks.AddRange(result.Tasks.Select(t => t.Family == corpus || t.Family.StartsWith(corpus + "/", StringComparison.Ordinal) ? t : t with { Family = $"{corpus}/{t.Family}" }));
            log?.Invoke($"{folder}: {result.Tasks.Count} tasks, {result.Failures.Count} files skipped, {result.Elapsed.TotalSeconds:F1} s");
        }

        return tasks;
    }
}
