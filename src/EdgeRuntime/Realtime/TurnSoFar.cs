using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The turn the performer is playing, as far as it has been heard: what a responder can start working on before the
/// turn ends (the duet runs the backbone over the tokens that can no longer change).
/// </summary>
/// <param name="Notes">The notes so far, times in seconds from the turn's first onset; keys still down end at <paramref name="HeardUntilTicks"/>.</param>
/// <param name="StartTicks">Clock ticks of the turn's first onset (as the finished turn's <see cref="CapturedPhrase.StartTicks"/>).</param>
/// <param name="HeardUntilTicks">Everything before this clock tick has been heard: no later message can place an event before it.</param>
public sealed record TurnSoFar(IReadOnlyList<Note> Notes, long StartTicks, long HeardUntilTicks);
