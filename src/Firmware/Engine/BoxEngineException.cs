namespace EdgeMeta.Firmware.Engine;

/// <summary>
/// The engine cannot run: the model is missing or broken, a MIDI device is not there, a profile does not fit.
/// <see cref="Exception.Message"/> is the full story for the journal; <see cref="ShortMessage"/> fits the
/// 21-character lines of the display.
/// </summary>
public sealed class BoxEngineException : Exception
{
    public BoxEngineException(string shortMessage, string message, Exception? inner = null)
        : base(message, inner)
    {
        ShortMessage = shortMessage;
    }

    /// <summary>A few words for the display, e.g. "MODEL MISSING" or "MIDI IN NOT FOUND".</summary>
    public string ShortMessage { get; }
}
