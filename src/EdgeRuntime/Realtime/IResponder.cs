namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The musical brain behind the engine: adapts to the performer's phrases and generates answer tokens.
/// The engine calls <see cref="Adapt"/> and <see cref="Forget"/> on its adaptation thread and
/// <see cref="BeginResponse"/> / <see cref="NextToken"/> on its generator thread, possibly at the same time:
/// an implementation adapts a private copy and swaps it in atomically, so generation never sees a half-updated
/// adapter. <see cref="NextToken"/> is on the playing path and must not allocate.
/// </summary>
public interface IResponder
{
    /// <summary>Adapts to the performer's recent phrases (oldest first) and swaps the result in.</summary>
    void Adapt(IReadOnlyList<CapturedPhrase> phrases, CancellationToken cancellationToken);

    /// <summary>Forgets the performer: back to the meta-learned init or the chosen house profile.</summary>
    void Forget();

    /// <summary>Starts a new answer to <paramref name="call"/> (the phrase just played; null to continue freely).</summary>
    void BeginResponse(CapturedPhrase? call, float temperature);

    /// <summary>The next event token of the answer (a <see cref="Tokens.Vocabulary"/> id; EOS ends the answer).</summary>
    int NextToken();
}
