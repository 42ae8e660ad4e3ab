using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.Trainer.Data;
using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Runs the few-shot protocol: for every held-out task and every K it allows (more phrases than K, so a
/// query is left), one episode (support = the first K phrases, query = the rest), and in it every method's
/// predictions scored on the query and, for methods that generate, their responses compared with the query
/// (style distances and <see cref="AnswerMeasures"/>) and the support (copying). A short piece is scored at
/// the K it allows, so the task count can differ between K (the report gives it per K). All methods see the
/// same tasks, the same splits and the same episode seeds.
/// </summary>
/// <param name="settings">Protocol settings.</param>
public sealed class FewShotRunner(FewShotSettings settings)
{
    /// <summary>Protocol settings.</summary>
    public FewShotSettings Settings { get; } = settings ?? throw new ArgumentNullException(nameof(settings));

    /// <summary>The tasks the protocol uses: more phrases than the smallest K, sorted, and sampled per family if asked.</summary>
    /// <param name="tasks">Candidate held-out tasks.</param>
    public IReadOnlyList<MusicTask> SelectTasks(IEnumerable<MusicTask> tasks)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        var smallest = Settings.Shots.Min();
        var random = new Random(Settings.Seed);
        return EligibleTasks.For(tasks, smallest)
            .GroupBy(t => t.Family, StringComparer.Ordinal)
            .SelectMany<IGrouping<string, MusicTask>, MusicTask>(family =>
            {
                var members = family.ToArray();
                if (Settings.MaxTasksPerFamily <= 0 || members.Length <= Settings.MaxTasksPerFamily)
                {
                    return members;
                }

                random.Shuffle(members);
                return members.Take(Settings.MaxTasksPerFamily).OrderBy(t => t.Name, StringComparer.Ordinal);
            })
            .ToArray();
    }

    /// <summary>The K values <paramref name="task"/> allows: those that leave at least one query phrase.</summary>
    public IReadOnlyList<int> ShotsFor(MusicTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        return Settings.Shots.Where(k => k < task.Phrases.Count).ToArray();
    }

    /// <summary>Evaluates every method on every selected task and the K values it allows.</summary>
    /// <param name="tasks">Held-out tasks (filtered by <see cref="SelectTasks"/>).</param>
    /// <param name="methods">Methods (predicting, playing or both), in report order; names must be unique.</param>
    /// <param name="progress">Receives one line per finished episode.</param>
    /// <exception cref="ArgumentException">No method, duplicate method names, or no task long enough for the smallest K.</exception>
    public FewShotResults Run(IEnumerable<MusicTask> tasks, IReadOnlyList<IEvaluatedMethod> methods, IProgress<string>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(methods);
        if (methods.Count == 0)
        {
            throw new ArgumentException("the evaluation needs at least one method", nameof(methods));
        }

        var duplicate = methods.GroupBy(m => m.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"two methods are called '{duplicate.Key}'; report rows need unique names", nameof(methods));
        }

        var selected = SelectTasks(tasks);
        if (selected.Count == 0)
        {
            throw new ArgumentException($"no held-out task has more than K = {Settings.Shots.Min()} phrases", nameof(tasks));
        }

        var results = new List<TaskResult>();
        for (var taskIndex = 0; taskIndex < selected.Count; taskIndex++)
        {
            var task = selected[taskIndex];
            var singleLine = TaskTexture.IsSingleLine(task);
            var allowed = ShotsFor(task);
            foreach (var shots in allowed)
            {
                // The seed depends on the task's position and K only, never on the method. A fixed query starts
                // after the largest K this task allows, so its NLL-vs-K curve compares one query.
                var seed = unchecked(Settings.Seed + (1_000_003 * taskIndex) + shots);
                var episode = new FewShotEpisode(task, shots, seed, Settings.FixedQuery ? allowed.Max() : null, Settings.MaxQueryPhrases);
                foreach (var method in methods)
                {
                    results.Add(Evaluate(episode, method, singleLine));
                }

                progress?.Report($"{task.Family}/{task.Name} K={shots}: {episode.Query.Count} query phrases, {methods.Count} methods");
            }
        }

        return new FewShotResults(results, methods.Select(m => m.Name).ToArray(), Settings.Shots.ToArray());
    }

    private TaskResult Evaluate(FewShotEpisode episode, IEvaluatedMethod method, bool singleLine)
    {
        PredictionScore? score = null;
        if (method is IFewShotMethod predictor)
        {
            var predictions = episode.PredictionsOf(predictor);
            var sum = default(PredictionScore);
            for (var i = 0; i < episode.Query.Count; i++)
            {
                sum += PredictionScore.Of(episode.Query[i].ToModelSequence(), predictions[i]);
            }

            score = sum;
        }

        StyleDistances? style = null;
        double? copied = null;
        AnswerMeasures? answer = null;
        if (method is IResponseGenerator generator)
        {
            var responses = generator.Respond(episode, episode.Seed);
            style = StyleDistances.Between(StyleProfile.Of(responses), StyleProfile.Of(episode.Query));
            copied = NGramOriginality.CopiedShare(responses, episode.Support, Settings.CopyNGramLength);
            answer = AnswerMeasures.Between(responses, episode.Query, episode.Support);
        }

        return new TaskResult(episode.Task.Family, episode.Task.Name, method.Name, episode.Shots, score, style, copied, answer, singleLine);
    }
}
