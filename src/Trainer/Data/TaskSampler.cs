using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Data;

/// <summary>
/// Draws meta-batches: a family uniformly, then a task of that family uniformly (so big corpora do not
/// drown small ones), split into support and query, augmented as a whole (one transposition and one tempo
/// factor per task, like a performer playing a piece in another key and tempo). Each batch depends only on
/// (seed, step), so a resumed run draws exactly the batches the uninterrupted run would have drawn.
/// </summary>
public sealed class TaskSampler
{
    private readonly IReadOnlyList<MusicTask>[] _families;
    private readonly TaskSamplerSettings _settings;
    private readonly int _seed;

    /// <exception cref="ArgumentException">No task has more than K phrases.</exception>
    public TaskSampler(IReadOnlyList<MusicTask> tasks, TaskSamplerSettings settings, int seed)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentNullException.ThrowIfNull(settings);
        _settings = settings;
        _seed = seed;
        _families = tasks.Where(t => t.Phrases.Count > settings.Shots)
            .GroupBy(t => t.Family, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (IReadOnlyList<MusicTask>)g.OrderBy(t => t.Name, StringComparer.Ordinal).ToArray())
            .ToArray();
        if (_families.Length == 0)
        {
            throw new ArgumentException($"None of the {tasks.Count} training tasks has more than {settings.Shots} phrases (K = {settings.Shots} shots plus a query).", nameof(tasks));
        }
    }

    /// <summary>Number of tasks that can be sampled.</summary>
    public int TaskCount => _families.Sum(f => f.Count);

    /// <summary>The meta-batch of training step <paramref name="step"/>.</summary>
    public IReadOnlyList<TaskSplit> Sample(long step)
    {
        var random = new Random(StepSeed.Of(_seed, step, 0x5eed));
        var batch = new TaskSplit[_settings.MetaBatchSize];
        for (var i = 0; i < batch.Length; i++)
        {
            var family = _families[random.Next(_families.Length)];
            var task = family[random.Next(family.Count)];
            batch[i] = Augment(TaskSplit.Of(task, _settings.Shots, _settings.QueryPhrases), random);
        }

        return batch;
    }

    private TaskSplit Augment(TaskSplit split, Random random)
    {
        var semitones = _settings.MaxTranspose > 0 ? random.Next(-_settings.MaxTranspose, _settings.MaxTranspose + 1) : 0;
        var factor = _settings.MaxStretch > 0 ? 1.0 + (random.NextDouble() * 2 - 1) * _settings.MaxStretch : 1.0;
        if (semitones == 0 && factor == 1.0)
        {
            return split;
        }

        // A transposition that would push any pitch of the task out of range is dropped for the whole task.
        var all = split.Support.Concat(split.Query).ToArray();
        var usable = all.All(p => Augmentation.TranspositionRange(p.Tokens) is var (min, max) && semitones >= min && semitones <= max);
        var phrases = all.Select(p => new Phrase(Augmentation.StretchTokens(usable ? Augmentation.Transpose(p.Tokens, semitones) : p.Tokens, factor))).ToArray();
        return split with { Support = phrases[..split.Support.Count], Query = phrases[split.Support.Count..] };
    }
}
