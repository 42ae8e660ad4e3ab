namespace EdgeMeta.Trainer.Training;

/// <summary>Reported after every meta-step (and after validation) so a CLI can draw a progress bar.</summary>
public sealed record TrainingProgress(long Step, long TotalSteps, double Loss, double EventsPerSecond, double? ValidLoss);
