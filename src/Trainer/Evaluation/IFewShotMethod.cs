namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// A few-shot method as the evaluation sees it: given an episode's support set, the next-token
/// distributions along each query phrase. The trainer's networks, the device adapter and the Markov
/// baselines all plug in through this, so the protocol never depends on their internals.
/// </summary>
public interface IFewShotMethod : IEvaluatedMethod
{
    /// <summary>
    /// Learns from <see cref="FewShotEpisode.Support"/> only and predicts every query phrase: one entry per
    /// <see cref="FewShotEpisode.Query"/> phrase, each with Length + 1 rows over the whole vocabulary
    /// (the phrase's model sequence BOS + events + EOS minus the given BOS).
    /// </summary>
    /// <param name="episode">The episode; use <see cref="FewShotEpisode.Seed"/> for any randomness.</param>
    IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode);
}
