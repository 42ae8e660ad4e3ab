namespace EdgeMeta.Trainer.Training;

/// <summary>
/// checkpoint/state.json: the resolved config, the step, the best validation loss and the elapsed time.
/// Random state needs no storing: every random draw of step s is seeded from (seed, s).
/// </summary>
public sealed record CheckpointState(RunConfig Config, long Step, double BestValidLoss, double ElapsedSeconds, int Seed);
