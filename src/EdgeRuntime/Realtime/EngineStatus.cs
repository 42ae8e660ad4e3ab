namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>A snapshot for the status line.</summary>
/// <param name="Mode">Current mode.</param>
/// <param name="PhrasesCaptured">Phrases captured this session.</param>
/// <param name="PhrasesLearned">Adaptations completed this session.</param>
/// <param name="LastAdaptationMs">Duration of the last adaptation, or NaN.</param>
/// <param name="LastStepMs">Duration of the last generation step, or NaN.</param>
/// <param name="DroppedInput">Input messages dropped by the engine's queue plus bytes dropped by the input parsers.</param>
/// <param name="SoundingNotes">Notes sounding on the output now.</param>
/// <param name="Responses">Answers started this session.</param>
/// <param name="ClockBpm">Tempo of incoming MIDI clock, or null.</param>
public sealed record EngineStatus(
    EngineMode Mode,
    int PhrasesCaptured,
    int PhrasesLearned,
    double LastAdaptationMs,
    double LastStepMs,
    long DroppedInput,
    int SoundingNotes,
    int Responses,
    double? ClockBpm);
