using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Tests.Export;
using Xunit.Abstractions;

namespace EdgeMeta.Trainer.Tests.Adaptation;

/// <summary>
/// The acceptance test of on-device adaptation on the shipped model format: a tiny model is exported
/// to a temporary model folder (backbone.onnx + adapter.safetensors + manifest), loaded back through
/// <see cref="ModelFolder.Load"/> and <see cref="OnnxBackbone"/>, and adapted to two performers from
/// four phrases each with the model's own inner-loop settings.
/// </summary>
public sealed class TwoPerformersTests(ITestOutputHelper output) : IDisposable
{
    private const int Hidden = 32;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemeta-two-performers-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_dir))
        {
            Directory.Delete(_dir, recursive: true);
        }
    }

    [Fact]
    public void Each_adapted_profile_prefers_its_own_performer_and_beats_the_unadapted_model()
    {
        var model = ExportTinyModel();
        using var backbone = new OnnxBackbone(model.BackbonePath);
        var loop = new InnerLoop(model.InnerLoop);
        var supportA = SyntheticPerformers.ScalesStaccato(seed: 1, count: 4);
        var supportB = SyntheticPerformers.LowClustersLegato(seed: 2, count: 4);
        var queryA = SupportBatch.FromPhrases(backbone, SyntheticPerformers.ScalesStaccato(seed: 3, count: 3));
        var queryB = SupportBatch.FromPhrases(backbone, SyntheticPerformers.LowClustersLegato(seed: 4, count: 3));

        var adaptedA = loop.Adapt(model.InitialAdapter, SupportBatch.FromPhrases(backbone, supportA)).Adapted;
        var adaptedB = loop.Adapt(model.InitialAdapter, SupportBatch.FromPhrases(backbone, supportB)).Adapted;

        float aOnA = loop.NegativeLogLikelihood(adaptedA, queryA);
        float aOnB = loop.NegativeLogLikelihood(adaptedA, queryB);
        float bOnB = loop.NegativeLogLikelihood(adaptedB, queryB);
        float bOnA = loop.NegativeLogLikelihood(adaptedB, queryA);
        float initOnA = loop.NegativeLogLikelihood(model.InitialAdapter, queryA);
        float initOnB = loop.NegativeLogLikelihood(model.InitialAdapter, queryB);
        string report = $"A→A {aOnA:F3}, A→B {aOnB:F3}, B→B {bOnB:F3}, B→A {bOnA:F3}, init→A {initOnA:F3}, init→B {initOnB:F3}";

        output.WriteLine(report);
        Assert.True(aOnA < aOnB, report);
        Assert.True(bOnB < bOnA, report);
        Assert.True(aOnA < initOnA, report);
        Assert.True(bOnB < initOnB, report);
    }

    private LoadedModel ExportTinyModel()
    {
        var weights = RandomBackbone.Create(seed: 11, Vocabulary.Size, embedding: 16, hidden: Hidden, layers: 1);
        var init = new AdapterParameters(Vocabulary.Size, Hidden, rank: 4);
        var random = new Random(12);
        for (int i = 0; i < init.HeadWeight.Length; i++)
        {
            init.HeadWeight[i] = (float)(random.NextDouble() * 2 - 1) * 0.05f;
        }

        for (int i = 0; i < init.LoraDown.Length; i++)
        {
            init.LoraDown[i] = (float)(random.NextDouble() * 2 - 1) * 0.1f;
        }

        var info = new ManifestInfo(
            "two-performers",
            EmbeddingSize: 16,
            HiddenSize: Hidden,
            Layers: 1,
            new OnnxGraphInfo(17, 8, ["tokens"], ["features"]),
            new TrainingInfo([], [], [], "test: random backbone", new Dictionary<string, string>(), 0, 0, 11));
        ModelFolderWriter.Write(_dir, BackboneOnnxExporter.ToBytes(weights), init, new InnerLoopSettings(), info, "# random backbone for a test\n");
        return ModelFolder.Load(_dir);
    }
}
