namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>One answer to play.</summary>
/// <param name="Call">The phrase being answered (null: continue freely).</param>
/// <param name="StartTicks">When the answer starts: end of the call + the musical delay.</param>
/// <param name="DurationTicks">How long it lasts (long.MaxValue: until cancelled).</param>
/// <param name="Generation">The output scheduler's generation it belongs to.</param>
/// <param name="AdaptationTicket">The adaptation it should wait for (if it finishes before the start).</param>
public sealed record ResponseRequest(CapturedPhrase? Call, long StartTicks, long DurationTicks, int Generation, int AdaptationTicket);
