namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// How the adapter adapts on the device: plain SGD for <see cref="Steps"/> steps at
/// <see cref="LearningRate"/> on the mean cross-entropy of the support phrases, then the performer's
/// profile moves toward the result by <see cref="ReptileEpsilon"/>. Meta-training optimises exactly
/// this inner loop; the values travel in the metadata of <c>adapter.safetensors</c>.
/// </summary>
/// <param name="Steps">Number of full-batch SGD steps.</param>
/// <param name="LearningRate">SGD step size shared by every adapter parameter (the trainer can meta-learn one rate per
/// head row, training.metaSgd, measured and not kept; a model folder does not carry such rates, README "Letting the
/// adaptation carry style").</param>
/// <param name="ReptileEpsilon">Profile update step: profile += ε (adapted − profile).</param>
/// <param name="Optimizer">Inner optimiser name; the device implements "sgd".</param>
/// <param name="VelocityRateScale">Multiplies <see cref="LearningRate"/> for the 32 velocity tokens' rows of the head
/// (their weight rows and bias entries). 1 is the loop meta-training optimised; it is a device-side setting, not stored
/// in <c>adapter.safetensors</c> (the duet sets it from its own settings).</param>
public sealed record InnerLoopSettings(int Steps = 5, float LearningRate = 0.5f, float ReptileEpsilon = 0.5f, string Optimizer = "sgd", float VelocityRateScale = 1f);
