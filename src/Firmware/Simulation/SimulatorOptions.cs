namespace EdgeMeta.Firmware.Simulation;

/// <summary>How the simulator runs.</summary>
/// <param name="Keys">Scripted keys (see <see cref="KeyScript"/>), or null.</param>
/// <param name="Seconds">Stop cleanly after this long; null runs until q, Ctrl-C or SIGTERM.</param>
/// <param name="FramePng">Write the display to this PNG at a "png" key (or 's'), else at the end.</param>
/// <param name="Interactive">Draw the live terminal panel and read keys (false when the console is redirected).</param>
public sealed record SimulatorOptions(IReadOnlyList<ScriptedKey> Keys, TimeSpan? Seconds, string? FramePng, bool Interactive);
