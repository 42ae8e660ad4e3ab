namespace EdgeMeta.EdgeRuntime.Adaptation;

/// <summary>
/// How the adapter adapts on the device: plain SGD for <see cref="Steps"/> steps at
/// <see cref="LearningRate"/> on the mean cross-entropy of the support phrases, then the performer's
/// profile moves toward the result by <see cref="ReptileEpsilon"/>. Meta-training optimises exactly
/// this inner loop; the values travel in the metadata of <c>adapter.safetensors</c>.
/// </summary>
/// <param name="Steps">Number of full-batch SGD steps.</param>
/// <param name="LearningRate">SGD step size, one scalar shared by every adapter parameter (there are no per-parameter
/// rates: Meta-SGD is not implemented, see README "Known limits").</param>
/// <param name="ReptileEpsilon">Profile update step: profile += ε (adapted − profile).</param>
/// <param name="Optimizer">Inner optimiser name; the device implements "sgd".</param>
public sealed record InnerLoopSettings(int Steps = 5, float LearningRate = 0.5f, float ReptileEpsilon = 0.5f, string Optimizer = "sgd");
