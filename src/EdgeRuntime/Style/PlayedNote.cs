namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>One note as it was played: pitch, MIDI velocity, onset and length in seconds, and which phrase it is in.</summary>
/// <param name="Pitch">MIDI pitch 0–127.</param>
/// <param name="Velocity">MIDI velocity 1–127 (the centre of its vocabulary bin).</param>
/// <param name="Onset">Seconds from the start of its phrase.</param>
/// <param name="Duration">Seconds from note-on to note-off (or to the end of the phrase when it was never released).</param>
/// <param name="Phrase">Index of the phrase, counted from 0; intervals never cross phrases.</param>
public readonly record struct PlayedNote(int Pitch, int Velocity, double Onset, double Duration, int Phrase)
{
    /// <summary>When the note stops sounding, seconds from the start of its phrase.</summary>
    public double End => Onset + Duration;
}
