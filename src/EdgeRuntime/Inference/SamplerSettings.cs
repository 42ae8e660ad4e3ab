using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>How the <see cref="Sampler"/> picks the next event; defaults suit a solo-piano response.</summary>
public sealed record SamplerSettings
{
    /// <summary>
    /// Initial softmax temperature: 0 picks the most likely allowed token (greedy), otherwise 0.1–2.0
    /// (<see cref="TokenDraw.MinTemperature"/>..<see cref="TokenDraw.MaxTemperature"/>); change it live with <see cref="Sampler.Temperature"/>.
    /// </summary>
    public float Temperature { get; init; } = 1.0f;

    /// <summary>Keep only the K most likely allowed tokens; 0 keeps all.</summary>
    public int TopK { get; init; }

    /// <summary>Nucleus sampling: keep the smallest set of tokens whose probability reaches P; 1 keeps all.</summary>
    public float TopP { get; init; } = 1.0f;

    /// <summary>Random seed; null seeds from the system (not reproducible).</summary>
    public int? Seed { get; init; }

    /// <summary>At most this many notes sound at once; NOTE_ON is masked at the limit (the steering may lower it to the performer's texture).</summary>
    public int MaxPolyphony { get; init; } = 10;

    /// <summary>With nothing sounding, TIME_SHIFTs that would make the silence longer than this are masked.</summary>
    public double MaxSilenceSeconds { get; init; } = 2.0;

    /// <summary>A note held longer than this gets its NOTE_OFF forced (no stuck notes from a looping model).</summary>
    public double MaxNoteSeconds { get; init; } = 4.0;

    /// <summary>Whether the model may end the phrase with EOS; off for "play N seconds".</summary>
    public bool AllowEos { get; init; }

    /// <summary>
    /// Repetition guard: the logit of NOTE_ON for a pitch started within the last <see cref="RepetitionWindow"/>
    /// note-ons is divided by this when positive and multiplied when negative (CTRL-style); 1 turns it off.
    /// </summary>
    public float RepetitionPenalty { get; init; } = 1.0f;

    /// <summary>How many recent note-ons the repetition guard remembers.</summary>
    public int RepetitionWindow { get; init; } = 16;

    /// <summary>How strongly answers are steered toward the performer's style (<see cref="StyleSteeringSettings.Off"/> turns it off).</summary>
    public StyleSteeringSettings Steering { get; init; } = new();
}
