namespace EdgeMeta.Trainer.Evaluation;

/// <summary>One row of the report: a method at one K over the tasks of one family (or all families), means with 95% intervals over tasks.</summary>
/// <param name="Family">Family name, or <see cref="FewShotResults.AllFamilies"/>.</param>
/// <param name="Method">Method name.</param>
/// <param name="Shots">K.</param>
/// <param name="Tasks">Number of tasks averaged.</param>
/// <param name="NllPerEvent">Query NLL per event, nats (no samples for methods that only play).</param>
/// <param name="Accuracy">Next-event accuracy.</param>
/// <param name="PitchBitsPerNote">Pitch information content, bits per note.</param>
/// <param name="Style">Style distances (null entries when the method does not generate).</param>
/// <param name="CopiedShare">Share of copied n-grams.</param>
/// <param name="Answer">The answer measures (null when the method does not generate).</param>
public sealed record MethodSummary(
    string Family,
    string Method,
    int Shots,
    int Tasks,
    ConfidenceInterval NllPerEvent,
    ConfidenceInterval Accuracy,
    ConfidenceInterval PitchBitsPerNote,
    StyleSummary? Style,
    ConfidenceInterval CopiedShare,
    AnswerSummary? Answer = null);
