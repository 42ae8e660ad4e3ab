namespace EdgeMeta.Firmware.Engine;

/// <summary>What the box shows about the engine: one snapshot, taken by the box loop a few times a second.</summary>
/// <param name="Running">True while the engine listens (Learn or Play).</param>
/// <param name="Mode">The mode it listens in.</param>
/// <param name="PhrasesCaptured">Phrases the performer finished since the engine started.</param>
/// <param name="PhrasesLearned">Adaptations finished since the engine started.</param>
/// <param name="LastAdaptationMs">Duration of the last adaptation in milliseconds, NaN before the first.</param>
/// <param name="Answers">Answers started since the engine started.</param>
/// <param name="Answering">True while an answer is being generated, queued or is sounding.</param>
/// <param name="SoundingNotes">Notes the box holds down on its output now.</param>
/// <param name="NotesIn">Note-ons received from the performer since the box opened its ports (drives the activity meter).</param>
/// <param name="Problem">What is wrong right now (a lost MIDI device), in words for the display; null when all is well.</param>
public sealed record BoxEngineStatus(
    bool Running,
    BoxPlayMode Mode,
    int PhrasesCaptured,
    int PhrasesLearned,
    double LastAdaptationMs,
    int Answers,
    bool Answering,
    int SoundingNotes,
    long NotesIn,
    string? Problem)
{
    /// <summary>The status of an engine that is not listening.</summary>
    public static BoxEngineStatus Stopped { get; } = new(false, BoxPlayMode.Learn, 0, 0, double.NaN, 0, false, 0, 0, null);
}
