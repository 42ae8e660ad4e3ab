using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>A message the virtual performer sends <paramref name="Seconds"/> after the call began.</summary>
public readonly record struct TimedMessage(double Seconds, MidiMessage Message);
