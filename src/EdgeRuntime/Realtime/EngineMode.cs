namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>How the box plays with the performer.</summary>
public enum EngineMode
{
    /// <summary>The performer plays and pauses; the box adapts and answers with a phrase of similar length.</summary>
    CallResponse,
    /// <summary>After the performer's phrase the box keeps playing until the performer plays again.</summary>
    Continue,
    /// <summary>Captures and adapts, silently.</summary>
    LearnOnly,
}
