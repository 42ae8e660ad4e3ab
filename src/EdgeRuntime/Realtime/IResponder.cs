using EdgeMeta.EdgeRuntime.Duet;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The musical brain behind the engine: learns from the performer's turns and voices answer tokens. The engine calls
/// <see cref="Learn"/>, <see cref="HearSoFar"/> and <see cref="Forget"/> on its adaptation thread and <see cref="BeginResponse"/> /
/// <see cref="IAnswerVoice.NextToken"/> on its generator thread, possibly at the same time: an implementation publishes
/// what it learnt as one snapshot that the next <see cref="BeginResponse"/> picks up, so an answer never sees a
/// half-updated adapter. <see cref="IAnswerVoice.NextToken"/> is on the playing path and must not allocate.
/// </summary>
public interface IResponder : IAnswerVoice
{
    /// <summary>Hears the turns the performer finished since the last call (oldest first) and adapts to the recent phrases.</summary>
    void Learn(IReadOnlyList<CapturedPhrase> turns, CancellationToken cancellationToken);

    /// <summary>
    /// Hears the turn being played so far (adaptation thread, between <see cref="Learn"/> calls), to do ahead what can
    /// be done before it ends; the finished turn still comes to <see cref="Learn"/>. Responders with nothing to do
    /// ahead ignore it.
    /// </summary>
    void HearSoFar(TurnSoFar turn)
    {
    }

    /// <summary>Forgets the performer: back to the meta-learned init or the chosen house profile.</summary>
    void Forget();

    /// <summary>How many turns have been learnt so far (heard and adapted to): an answer waits for its call's, never past its start.</summary>
    int Learned { get; }

    /// <summary>
    /// Starts a new answer to the last call heard (<paramref name="call"/> is the turn it answers, for responders that
    /// read it directly; null continues freely) and returns its plan.
    /// </summary>
    AnswerPlan BeginResponse(CapturedPhrase? call, float temperature, double length, bool endless);
}
