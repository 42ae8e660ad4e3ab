namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>A setting the performer can change live from a MIDI controller.</summary>
public enum EngineParameter
{
    /// <summary>Sampling temperature, CC 0-127 → 0.1-2.0.</summary>
    Temperature,
    /// <summary>Answer length relative to the call, CC 0-127 → 0.25x-4x.</summary>
    ResponseLength,
    /// <summary>Transposition, CC 0-127 → -24..+24 semitones (64 = none).</summary>
    Transpose,
    /// <summary>Output channel, CC 0-127 → channel 0-15.</summary>
    OutputChannel,
    /// <summary>Panic: any value &gt;= 64 stops the answer and releases every note now.</summary>
    Panic,
}
