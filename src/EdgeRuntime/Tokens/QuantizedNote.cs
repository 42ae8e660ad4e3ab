namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>A note on the 10 ms grid, after filtering, capping and same-pitch overlap resolution.</summary>
/// <param name="Pitch">MIDI key 0-127.</param>
/// <param name="VelocityBin">Velocity bin 0-31.</param>
/// <param name="OnStep">Onset in 10 ms steps from time 0.</param>
/// <param name="OffStep">Release in 10 ms steps; always greater than <paramref name="OnStep"/>.</param>
internal readonly record struct QuantizedNote(int Pitch, int VelocityBin, int OnStep, int OffStep);
