namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>How a model was trained, so a result can be reproduced and a device can tell models apart.</summary>
/// <param name="DataFolders">Corpus folders the tasks came from.</param>
/// <param name="Families">Corpus families used for meta-training.</param>
/// <param name="HeldOutFamilies">Families kept out of training for the few-shot evaluation.</param>
/// <param name="Command">The command line that trained the model.</param>
/// <param name="Config">The resolved training configuration, key to value.</param>
/// <param name="Steps">Outer (meta) steps taken.</param>
/// <param name="ElapsedSeconds">Wall-clock training time.</param>
/// <param name="Seed">Random seed.</param>
/// <param name="BestLoss">Best validation loss seen, if the trainer tracked one.</param>
public sealed record TrainingInfo(
    IReadOnlyList<string> DataFolders,
    IReadOnlyList<string> Families,
    IReadOnlyList<string> HeldOutFamilies,
    string Command,
    IReadOnlyDictionary<string, string> Config,
    long Steps,
    double ElapsedSeconds,
    int Seed,
    double? BestLoss = null);
