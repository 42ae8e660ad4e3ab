namespace EdgeMeta.Trainer.Data;

/// <summary>How the task sampler draws meta-batches (not the device's token sampler, <c>EdgeRuntime.Inference.SamplerSettings</c>).</summary>
/// <param name="MetaBatchSize">Tasks per meta-batch (default 8).</param>
/// <param name="Shots">K: support phrases per task (default 4).</param>
/// <param name="QueryPhrases">Q: at most this many query phrases after the support (default 4).</param>
/// <param name="MaxTranspose">Uniform transposition in [-n, n] semitones per task; 0 = off (default 5).</param>
/// <param name="MaxStretch">Tempo stretch factor drawn from [1 - s, 1 + s] per task; 0 = off (default 0.1).</param>
public sealed record TaskSamplerSettings(int MetaBatchSize = 8, int Shots = 4, int QueryPhrases = 4, int MaxTranspose = 5, double MaxStretch = 0.1);
