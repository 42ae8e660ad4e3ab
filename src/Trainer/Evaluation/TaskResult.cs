using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>One method's result on one held-out task at one K: the unit the confidence intervals are over.</summary>
/// <param name="Family">Corpus family of the task.</param>
/// <param name="Task">Task name (source file).</param>
/// <param name="Method">Method name.</param>
/// <param name="Shots">K.</param>
/// <param name="Score">Prediction sums over the task's query; null for methods that only play.</param>
/// <param name="Style">Style distances of the method's responses to the query; null for methods that do not generate.</param>
/// <param name="CopiedShare">Share of the responses' n-grams copied from the support; null without responses long enough.</param>
/// <param name="Answer">The answer measures (responses vs the query, copying vs the support); null for methods that do not generate.</param>
/// <param name="SingleLine">Whether the task's performer plays one note at a time (see <see cref="TaskTexture"/>).</param>
public sealed record TaskResult(
    string Family,
    string Task,
    string Method,
    int Shots,
    PredictionScore? Score,
    StyleDistances? Style,
    double? CopiedShare,
    AnswerMeasures? Answer = null,
    bool SingleLine = false);
