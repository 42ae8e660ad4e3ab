namespace EdgeMeta.EdgeRuntime.Markov;

/// <summary>How <see cref="EntropyWeightedMixture"/> combines the weighted distributions (Pearce, Conklin &amp; Wiggins 2004).</summary>
public enum MixtureCombination
{
    /// <summary>p(s) ∝ Π_m p_m(s)^(w_m / Σw): a weighted geometric mean, renormalised. IDyOM's usual choice.</summary>
    Geometric,

    /// <summary>p(s) = Σ_m w_m p_m(s) / Σw: a weighted arithmetic mean.</summary>
    Arithmetic,
}
