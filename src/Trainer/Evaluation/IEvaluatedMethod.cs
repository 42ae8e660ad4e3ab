namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Anything the few-shot evaluation scores: a method that predicts the query (<see cref="IFewShotMethod"/>),
/// one that answers the performer (<see cref="IResponseGenerator"/>), or both.
/// </summary>
public interface IEvaluatedMethod
{
    /// <summary>Name shown in the report, e.g. "device adapter".</summary>
    string Name { get; }
}
