namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>One answer to play.</summary>
/// <param name="Call">The turn being answered.</param>
/// <param name="StartTicks">When the answer starts: end of the call + the musical delay.</param>
/// <param name="Endless">Play until cancelled (continue mode) instead of as long as the call.</param>
/// <param name="Generation">The output scheduler's generation it belongs to.</param>
/// <param name="LearnedTicket">The responder has learnt the call once <see cref="IResponder.Learned"/> reaches this.</param>
public sealed record ResponseRequest(CapturedPhrase Call, long StartTicks, bool Endless, int Generation, int LearnedTicket);
