namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>The player process's resident set, read from outside (/proc/PID/status VmRSS).</summary>
/// <param name="UnixMs">When it was read, ms since the Unix epoch.</param>
/// <param name="Bytes">VmRSS in bytes.</param>
public readonly record struct RssSample(long UnixMs, long Bytes);

/// <summary>One call the virtual performer played and what the listener heard back.</summary>
/// <param name="UnixMs">When the call's last note was released, ms since the Unix epoch.</param>
/// <param name="FirstAnswerNoteMs">The answer's first note heard, ms after the release; null when none came in time.</param>
/// <param name="Interrupted">The performer cut the answer short.</param>
public readonly record struct CallSample(long UnixMs, double? FirstAnswerNoteMs, bool Interrupted);
