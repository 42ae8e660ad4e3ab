namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>Why a captured phrase ended.</summary>
public enum PhraseEndReason
{
    /// <summary>The performer rested longer than the configured rest.</summary>
    Rest,
    /// <summary>The phrase reached the maximum length.</summary>
    MaxLength,
    /// <summary>The sustain pedal (CC 64) was released.</summary>
    SustainRelease,
    /// <summary>The performer sent the marker CC or note.</summary>
    Marker,
}
