using EdgeMeta.Firmware.Box;

namespace EdgeMeta.Firmware.Simulation;

/// <summary>One step of a key script: at <see cref="At"/> after start, a gesture (or a simulator action).</summary>
/// <param name="At">When, after the simulator started.</param>
/// <param name="Control">The gesture, or null for <paramref name="Action"/>.</param>
/// <param name="Action">"png" (write --frame-png now) or "quit"; null for a gesture.</param>
public sealed record ScriptedKey(TimeSpan At, BoxControlEvent? Control, string? Action = null);
