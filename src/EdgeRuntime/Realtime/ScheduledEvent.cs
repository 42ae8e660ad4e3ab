using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>A message and the clock tick at which the output thread must send it.</summary>
/// <param name="Due">Clock ticks (<see cref="IClock"/>).</param>
/// <param name="Message">What to send.</param>
/// <param name="Generation">Response number; events of a cancelled response are skipped by the output thread.</param>
public readonly record struct ScheduledEvent(long Due, MidiMessage Message, int Generation);
