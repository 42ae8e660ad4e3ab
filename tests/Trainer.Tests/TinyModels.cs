using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Tests;

internal static class TinyModels
{
    public static readonly ModelConfig Config = new(EmbeddingSize: 8, HiddenSize: 16, Layers: 1, AdapterRank: 0);

    public static MusicModel Create(int seed, ModelConfig? config = null)
    {
        TorchSharp.torch.random.manual_seed(seed);
        return new MusicModel(config ?? Config);
    }

    public static RunConfig Run(string algorithm, int steps) => new(
        Config,
        new TaskSamplerSettings(MetaBatchSize: 4, Shots: 2, QueryPhrases: 2, MaxTranspose: 2, MaxStretch: 0.1),
        new TrainingConfig(Algorithm: algorithm, Steps: steps, Seed: 7, OuterLearningRate: 0.01, InnerSteps: 2, InnerLearningRate: 0.5,
            MaxPhraseEvents: 32, ValidEvery: 0, ValidTasks: 4, CheckpointEvery: 3, HoldoutFamilies: ["synthetic1"]));
}
