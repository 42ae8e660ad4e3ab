using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// A method that can also play: given the support, it generates responses, which the evaluation compares
/// with the query (style distances, <see cref="EdgeMeta.EdgeRuntime.Style.AnswerMeasures"/>) and with the support
/// (copying). Implemented next to <see cref="IFewShotMethod"/> by methods that have a sampler, and alone by
/// baselines that only play (the Continuator, repeating the last phrase).
/// </summary>
public interface IResponseGenerator : IEvaluatedMethod
{
    /// <summary>
    /// One generated phrase per query phrase, of about the same number of events, learnt from the support only.
    /// </summary>
    /// <param name="episode">The episode.</param>
    /// <param name="seed">Sampling seed; equal seeds give equal responses.</param>
    IReadOnlyList<Phrase> Respond(FewShotEpisode episode, int seed);
}
