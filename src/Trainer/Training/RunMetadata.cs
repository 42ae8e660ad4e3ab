namespace EdgeMeta.Trainer.Training;

/// <summary>What a run folder records about how it was made (run.json), for the exporter's manifest.</summary>
/// <param name="DataFolders">Training data folders as given.</param>
/// <param name="CommandLine">The command line that started (or last resumed) the run.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Steps">Meta-steps completed.</param>
/// <param name="ElapsedSeconds">Training wall time over all sessions.</param>
/// <param name="BestValidLoss">Best held-out query NLL per event after adaptation (NaN when never validated).</param>
/// <param name="Algorithm">Algorithm name.</param>
/// <param name="TrainTasks">Tasks trained on.</param>
/// <param name="HeldOutTasks">Tasks in held-out families.</param>
public sealed record RunMetadata(
    IReadOnlyList<string> DataFolders, string CommandLine, int Seed, long Steps, double ElapsedSeconds,
    double BestValidLoss, string Algorithm, int TrainTasks, int HeldOutTasks);
