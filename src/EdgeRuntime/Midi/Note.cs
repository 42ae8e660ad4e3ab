namespace EdgeMeta.EdgeRuntime.Midi;

/// <summary>
/// One sounded note in absolute time: what a musician would call a note on a piano roll.
/// Times are in seconds from the start of the file or performance.
/// </summary>
/// <param name="Pitch">MIDI key number 0-127 (60 = middle C).</param>
/// <param name="Velocity">MIDI velocity 1-127.</param>
/// <param name="Start">Onset in seconds.</param>
/// <param name="End">Release in seconds; at least <paramref name="Start"/>.</param>
/// <param name="Channel">MIDI channel 0-15 (channel 10 in musicians' numbering is 9 here).</param>
/// <param name="Track">Index of the track chunk the note came from (0 for live input).</param>
public readonly record struct Note(int Pitch, int Velocity, double Start, double End, int Channel = 0, int Track = 0)
{
    /// <summary>Length of the note in seconds.</summary>
    public double Duration => End - Start;
}
