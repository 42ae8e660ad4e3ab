using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The echo baseline: every answer is the performer's last support phrase played back unchanged. The closest
/// an answer can be by copying, and the most it can copy: the floor for the distances, the ceiling for copying.
/// </summary>
public sealed class RepeatLastPhraseMethod : IResponseGenerator
{
    /// <inheritdoc/>
    public string Name => "repeat the last phrase";

    /// <inheritdoc/>
    public IReadOnlyList<Phrase> Respond(FewShotEpisode episode, int seed)
    {
        ArgumentNullException.ThrowIfNull(episode);
        return episode.Query.Select(_ => episode.Support[^1]).ToArray();
    }
}
