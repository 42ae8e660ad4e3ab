using EdgeMeta.Trainer.Meta;

namespace EdgeMeta.Trainer.Training;

/// <summary>Algorithm by name, configured from a <see cref="TrainingConfig"/>.</summary>
public static class MetaAlgorithms
{
    public static readonly IReadOnlyList<string> Names = ["pretrain", "reptile", "fomaml", "maml", "anil"];

    /// <exception cref="ArgumentException">Unknown algorithm name.</exception>
    public static IMetaAlgorithm Create(TrainingConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Algorithm.ToLowerInvariant() switch
        {
            "pretrain" => new PretrainAlgorithm(),
            "reptile" => new ReptileAlgorithm(config.InnerSteps, config.InnerLearningRate, config.ReptileAdapterOnly),
            "fomaml" => new GradientMetaAlgorithm("fomaml", config.InnerSteps, config.InnerLearningRate, firstOrder: true, adapterOnly: false),
            "maml" => new GradientMetaAlgorithm("maml", config.InnerSteps, config.InnerLearningRate, firstOrder: false, adapterOnly: false),
            "anil" => new GradientMetaAlgorithm("anil", config.InnerSteps, config.InnerLearningRate, config.FirstOrder, adapterOnly: true),
            _ => throw new ArgumentException($"Unknown algorithm '{config.Algorithm}'; expected one of {string.Join(", ", Names)}."),
        };
    }
}
