using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Training;
using static TorchSharp.torch;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.Trainer.Tests.Export;

/// <summary><c>edgemeta-train export</c> on a tiny trained run, checked through the device's loader.</summary>
public sealed class ModelExporterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    [Trait("Category", "Slow")]
    public void Export_command_writes_a_folder_whose_backbone_computes_what_the_trained_model_does()
    {
        var runDir = Path.Combine(_temp.Path, "run");
        new MetaTrainer(TinyModels.Run("pretrain", steps: 2), SyntheticTasks.Create(12, seed: 6), runDir, ["/data/x"], "edgemeta-train train").Run(resume: false);
        var modelDir = Path.Combine(_temp.Path, "models", "tiny-run");

        var (code, stdout, stderr) = CliRunner.Trainer("export", "--run", runDir, "--out", modelDir);

        Assert.True(code == 0, stderr);
        Assert.Contains("max abs feature difference", stdout, StringComparison.Ordinal);
        var loaded = ModelFolder.Load(modelDir);
        Assert.Equal("tiny-run", loaded.Manifest.Name);
        Assert.Equal((TinyModels.Config.HiddenSize, TinyModels.Config.Layers), (loaded.Manifest.Dimensions.HiddenSize, loaded.Manifest.Dimensions.Layers));
        Assert.Equal("edgemeta-train train", loaded.Manifest.Training.Command);
        Assert.True(File.Exists(Path.Combine(modelDir, ModelFolder.ModelCardFileName)));

        var tokens = RandomBackbone.Tokens(31, 20, Vocabulary.Size);
        using var backbone = new OnnxBackbone(loaded.BackbonePath);
        using var run = TrainedRun.Load(runDir);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var expected = run.Model.Backbone.forward(tensor(tokens.Select(t => (long)t).ToArray(), [tokens.Length, 1]), null).Features.data<float>().ToArray();
        Assert.InRange(RandomBackbone.MaxAbsDifference(expected, backbone.RunSequence(tokens)), 0f, 1e-4f);
    }

    [Fact]
    public void Card_appendix_is_added_to_the_model_card_without_image_links()
    {
        var runDir = Path.Combine(_temp.Path, "run");
        new MetaTrainer(TinyModels.Run("pretrain", steps: 1), SyntheticTasks.Create(12, seed: 6), runDir, [], "").Run(resume: false);
        var appendix = Path.Combine(_temp.Path, "notes.md");
        File.WriteAllText(appendix, "## Data\nFolk tunes, public domain.\n![NLL vs K](nll-vs-k-all.png)\n");
        var modelDir = Path.Combine(_temp.Path, "models", "noted");

        var (code, _, stderr) = CliRunner.Trainer("export", "--run", runDir, "--out", modelDir, "--card-appendix", appendix);

        Assert.True(code == 0, stderr);
        var card = File.ReadAllText(Path.Combine(modelDir, ModelFolder.ModelCardFileName));
        Assert.Contains("## Data\nFolk tunes, public domain.", card, StringComparison.Ordinal);
        Assert.DoesNotContain("![", card, StringComparison.Ordinal);
        ModelFolder.Load(modelDir);
    }

    [Fact]
    public void A_run_with_a_nan_backbone_weight_is_refused_naming_the_tensor_and_nothing_is_written()
    {
        var runDir = Path.Combine(_temp.Path, "run");
        new MetaTrainer(TinyModels.Run("pretrain", steps: 1), SyntheticTasks.Create(12, seed: 6), runDir, [], "").Run(resume: false);
        using var run = TrainedRun.Load(runDir);
        using (no_grad())
        {
            run.Model.Backbone.parameters().Last().fill_(float.NaN);
        }

        var modelDir = Path.Combine(_temp.Path, "models", "diverged");

        var error = Assert.Throws<InvalidOperationException>(() => ModelExporter.Export(run, modelDir));

        Assert.Contains("training diverged", error.Message, StringComparison.Ordinal);
        Assert.Contains("NaN", error.Message, StringComparison.Ordinal);
        Assert.Contains(runDir, error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(modelDir));
    }

    [Fact]
    public void Export_of_a_folder_that_is_not_a_run_exits_2_naming_the_missing_file()
    {
        var notARun = Path.Combine(_temp.Path, "empty");
        Directory.CreateDirectory(notARun);

        var (code, _, stderr) = CliRunner.Trainer("export", "--run", notARun, "--out", Path.Combine(_temp.Path, "out"));

        Assert.Equal(2, code);
        Assert.StartsWith($"error: {Path.Combine(notARun, MetaTrainer.ConfigFile)}: missing", stderr, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(_temp.Path, "out")));
    }
}
