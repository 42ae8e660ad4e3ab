namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>
/// What the virtual performer does in one turn: the call's messages (notes, now and then a mod-wheel sweep), a
/// controller move before it, whether it cuts the answer short and when, and the pause it takes after the answer.
/// </summary>
/// <param name="Phrase">The phrase played, as varied.</param>
/// <param name="Messages">The call, time-ordered (a release before an onset at the same time).</param>
/// <param name="ControllerMove">A (CC, value) sent just before the call, or null.</param>
/// <param name="InterruptAfterSeconds">Start the next call this long after the answer's first note (cutting it short), or null to let it finish.</param>
/// <param name="PauseSeconds">Silence after the answer (or the interruption) before the next call.</param>
public sealed record SoakCall(PerformerPhrase Phrase, IReadOnlyList<TimedMessage> Messages, (int Controller, int Value)? ControllerMove, double? InterruptAfterSeconds, double PauseSeconds);
