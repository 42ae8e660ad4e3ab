namespace EdgeMeta.Trainer.Export;

/// <summary>One PyTorch-style GRU layer (gate blocks r, z, n; n uses r ⊙ (W_hn h + b_hn), i.e. linear_before_reset).</summary>
/// <param name="WeightIh">[3H, in] row-major.</param>
/// <param name="WeightHh">[3H, H] row-major.</param>
/// <param name="BiasIh">[3H].</param>
/// <param name="BiasHh">[3H].</param>
public sealed record GruLayerWeights(float[] WeightIh, float[] WeightHh, float[] BiasIh, float[] BiasHh);
