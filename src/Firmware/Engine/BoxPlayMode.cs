namespace EdgeMeta.Firmware.Engine;

/// <summary>What the box does with the performer's phrases while it listens.</summary>
public enum BoxPlayMode
{
    /// <summary>Listen and adapt only (the Learn button): the box stays silent.</summary>
    Learn,
    /// <summary>Call and response (the Play button): after each phrase the box answers with one of similar length.</summary>
    CallResponse,
    /// <summary>After the performer's phrase the box keeps playing until the performer plays again.</summary>
    Continue,
}
