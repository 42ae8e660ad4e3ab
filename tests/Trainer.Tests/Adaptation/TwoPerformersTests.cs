using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
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
        var model = TinyAdaptationModel.Write(_dir);
        using var backbone = new OnnxBackbone(model.BackbonePath);
        var loop = new InnerLoop(model.InnerLoop);
        var supportA = SyntheticPerformers.ScalesStaccato(seed: 1, count: 4);
        var supportB = SyntheticPerformers.LowClustersLegato(seed: 2, count: 4);
        var queryA = PhraseFeatures.Batch(backbone, SyntheticPerformers.ScalesStaccato(seed: 3, count: 3));
        var queryB = PhraseFeatures.Batch(backbone, SyntheticPerformers.LowClustersLegato(seed: 4, count: 3));

        var adaptedA = loop.Adapt(model.InitialAdapter, PhraseFeatures.Batch(backbone, supportA)).Adapted;
        var adaptedB = loop.Adapt(model.InitialAdapter, PhraseFeatures.Batch(backbone, supportB)).Adapted;

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
}
