namespace EdgeMeta.EdgeRuntime.Midi.Events;

/// <summary>
/// A system-exclusive event. SMF has two forms: <c>F0 len data</c> (a SysEx message, the F0 implied
/// before the data) and <c>F7 len data</c> (an "escape": raw bytes sent as they are, used for SysEx
/// continuation packets and for anything else). <see cref="Data"/> holds the bytes after the length.
/// </summary>
/// <param name="Tick">Absolute time in ticks.</param>
/// <param name="IsEscape">True for the F7 form, false for the F0 form.</param>
/// <param name="Data">The bytes after the length (for F0, usually ending with F7).</param>
public sealed record SysExEvent(long Tick, bool IsEscape, byte[] Data) : MidiEvent(Tick);
