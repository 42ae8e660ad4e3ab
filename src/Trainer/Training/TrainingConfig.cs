namespace EdgeMeta.Trainer.Training;

/// <summary>How a run trains. Defaults are the device's ANIL setup on a small CPU budget.</summary>
/// <param name="Algorithm">pretrain | reptile | fomaml | maml | anil (default anil: optimises exactly the device's inner loop).</param>
/// <param name="Steps">Meta-steps (default 1000).</param>
/// <param name="Seed">Seeds model init, task sampling and dropout; a run is a function of (config, data, seed) on CPU (default 1).</param>
/// <param name="OuterOptimizer">adam | sgd for the meta-step (default adam; sgd with lr ε is classic Reptile).</param>
/// <param name="OuterLearningRate">Meta-step size (default 1e-3).</param>
/// <param name="InnerSteps">SGD steps per task in the inner loop; for anil also the device's step count (default 5).</param>
/// <param name="InnerLearningRate">Inner SGD step size; for anil also the device's (default 0.5).</param>
/// <param name="FirstOrder">anil only: detach inner gradients (default false: second order through the head, cheap).</param>
/// <param name="ReptileAdapterOnly">reptile only: adapt and meta-update the adapter alone (default false).</param>
/// <param name="DeviceReptileEpsilon">ε the device uses to move a performer's profile toward each adaptation (default 0.5).</param>
/// <param name="MaxPhraseEvents">Phrases are cut to this many events for training (default 128).</param>
/// <param name="GradientClip">Max global gradient norm for the meta-step; 0 = off (default 1).</param>
/// <param name="ValidEvery">Validate on held-out tasks every N steps; 0 = only at the end (default 100).</param>
/// <param name="ValidTasks">Held-out tasks used for validation (the first N by name; default 32).</param>
/// <param name="CheckpointEvery">Write a checkpoint every N steps (default 100).</param>
/// <param name="HoldoutFamilies">Families never trained on, e.g. ["jsb/test", "waltzes"]; an entry matches a family's full name or its last segment.</param>
/// <param name="Threads">torch CPU threads; 1 keeps CPU runs bit-reproducible (default 1).</param>
/// <param name="MetaSgd">
/// anil/maml/fomaml: Meta-SGD (Li et al. 2017) in the per-row form: one inner learning rate per output row of the head
/// (per vocabulary token, its weight row and bias entry), learned by the outer optimiser as log-rates initialised to
/// log <see cref="InnerLearningRate"/>; other adapted parameters keep <see cref="InnerLearningRate"/>. The rates are
/// saved in the run (inner-rates.json) and the trainer's own evaluation uses them. The device does not read them
/// (it steps every row at <see cref="InnerLearningRate"/>). Default false.
/// </param>
/// <param name="MetaSgdLearningRate">Outer (Adam/SGD) step size of the log-rates; default null = <see cref="OuterLearningRate"/>.</param>
/// <param name="InitFrom">
/// A finished run folder whose weights start this run instead of a random init (e.g. a pretrain run that a
/// meta-learning run then refines); its model config must equal this one's and its held-out families must
/// include this run's, so no held-out task was ever seen. Default none.
/// </param>
public sealed record TrainingConfig(
    string Algorithm = "anil",
    int Steps = 1000,
    int Seed = 1,
    string OuterOptimizer = "adam",
    double OuterLearningRate = 1e-3,
    int InnerSteps = 5,
    double InnerLearningRate = 0.5,
    bool FirstOrder = false,
    bool ReptileAdapterOnly = false,
    double DeviceReptileEpsilon = 0.5,
    int MaxPhraseEvents = 128,
    double GradientClip = 1.0,
    int ValidEvery = 100,
    int ValidTasks = 32,
    int CheckpointEvery = 100,
    IReadOnlyList<string>? HoldoutFamilies = null,
    int Threads = 1,
    string? InitFrom = null,
    bool MetaSgd = false,
    double? MetaSgdLearningRate = null)
{
    /// <summary>The held-out family list, never null.</summary>
    public IReadOnlyList<string> Holdout => HoldoutFamilies ?? [];
}
