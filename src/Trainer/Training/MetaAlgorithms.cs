using EdgeMeta.Trainer.Meta;

namespace EdgeMeta.Trainer.Training;

/// <summary>Algorithm by name, configured from a <see cref="TrainingConfig"/>.</summary>
public static class MetaAlgorithms
{
    public static readonly IReadOnlyList<string> Names = ["pretrain", "reptile", "fomaml", "maml", "anil"];

    /// <param name="config">The training config.</param>
    /// <param name="rates">Meta-SGD's learned rates; required when <see cref="TrainingConfig.MetaSgd"/> is on, else null.</param>
    /// <exception cref="ArgumentException">Unknown algorithm name; Meta-SGD with an algorithm that has no differentiated inner loop, or rates without it.</exception>
    public static IMetaAlgorithm Create(TrainingConfig config, InnerRates? rates = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        if (config.MetaSgd != (rates is not null))
        {
            throw new ArgumentException(config.MetaSgd ? "training.metaSgd is on but no inner rates were given." : "inner rates were given but training.metaSgd is off.");
        }

        if (config.MetaSgd && config.Algorithm.ToLowerInvariant() is not ("anil" or "maml" or "fomaml"))
        {
            throw new ArgumentException($"training.metaSgd needs anil, maml or fomaml (an inner loop the outer loss differentiates); got '{config.Algorithm}'.");
        }

        return config.Algorithm.ToLowerInvariant() switch
        {
            "pretrain" => new PretrainAlgorithm(),
            "reptile" => new ReptileAlgorithm(config.InnerSteps, config.InnerLearningRate, config.ReptileAdapterOnly),
            "fomaml" => new GradientMetaAlgorithm("fomaml", config.InnerSteps, config.InnerLearningRate, firstOrder: true, adapterOnly: false, rates),
            "maml" => new GradientMetaAlgorithm("maml", config.InnerSteps, config.InnerLearningRate, firstOrder: false, adapterOnly: false, rates),
            "anil" => new GradientMetaAlgorithm("anil", config.InnerSteps, config.InnerLearningRate, config.FirstOrder, adapterOnly: true, rates),
            _ => throw new ArgumentException($"Unknown algorithm '{config.Algorithm}'; expected one of {string.Join(", ", Names)}."),
        };
    }
}
