using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Tests.Training;

public sealed class MetaTrainerTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("edgemeta-trainer-").FullName;

    [Fact]
    public void Resumed_run_continues_bit_identically()
    {
        var tasks = SyntheticTasks.Create(12, seed: 5);
        var config = TinyModels.Run("anil", steps: 6);
        var straight = Path.Combine(_root, "straight");
        var resumed = Path.Combine(_root, "resumed");
        new MetaTrainer(config, tasks, straight, ["synthetic"], "test").Run(resume: false);
        new MetaTrainer(config, tasks, resumed, ["synthetic"], "test").Run(resume: false, stopAfterStep: 3);
        new MetaTrainer(config, tasks, resumed, ["synthetic"], "test").Run(resume: true);

        using var a = TrainedRun.Load(straight);
        using var b = TrainedRun.Load(resumed);
        Assert.Equal(6, b.Metadata.Steps);
        foreach (var ((name, pa), (_, pb)) in a.Model.named_parameters().Zip(b.Model.named_parameters()))
        {
            Assert.True(pa.data<float>().ToArray().SequenceEqual(pb.data<float>().ToArray()), $"{name} differs after resume");
        }

        Assert.Equal(File.ReadAllLines(Path.Combine(straight, MetaTrainer.MetricsFile)).Select(Loss), File.ReadAllLines(Path.Combine(resumed, MetaTrainer.MetricsFile)).Select(Loss));
        Assert.True(File.Exists(Path.Combine(resumed, MetaTrainer.PlotFile)));
    }

    [Fact]
    public void A_run_folder_loads_with_its_config_and_metadata()
    {
        var tasks = SyntheticTasks.Create(12, seed: 6);
        var dir = Path.Combine(_root, "run");
        new MetaTrainer(TinyModels.Run("pretrain", steps: 2), tasks, dir, ["/data/x"], "edgemeta-train train").Run(resume: false);
        using var run = TrainedRun.Load(dir);
        Assert.Equal("pretrain", run.Metadata.Algorithm);
        Assert.Equal(["/data/x"], run.Metadata.DataFolders);
        Assert.Equal(TinyModels.Config, run.Config.Model);
        Assert.True(run.Metadata.HeldOutTasks > 0 && run.Metadata.TrainTasks > 0);
        Assert.False(double.IsNaN(run.Metadata.BestValidLoss));
        Assert.Equal(16, run.Model.ExportAdapter().FeatureSize);
    }

    [Fact]
    public void Starting_over_an_existing_checkpoint_without_resume_is_refused()
    {
        var tasks = SyntheticTasks.Create(12, seed: 6);
        var dir = Path.Combine(_root, "twice");
        new MetaTrainer(TinyModels.Run("anil", steps: 1), tasks, dir, [], "").Run(resume: false);
        var ex = Assert.Throws<InvalidOperationException>(() => new MetaTrainer(TinyModels.Run("anil", steps: 1), tasks, dir, [], "").Run(resume: false));
        Assert.Contains("--resume", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_run_can_start_from_another_runs_weights()
    {
        var tasks = SyntheticTasks.Create(12, seed: 7);
        var first = Path.Combine(_root, "first");
        new MetaTrainer(TinyModels.Run("pretrain", steps: 3), tasks, first, [], "").Run(resume: false);
        var frozen = TinyModels.Run("anil", steps: 1);
        // A zero outer learning rate keeps the weights where they started, so the second run must end equal to the first.
        frozen = frozen with { Training = frozen.Training with { OuterLearningRate = 0, InitFrom = first } };
        var second = Path.Combine(_root, "second");
        new MetaTrainer(frozen, tasks, second, [], "").Run(resume: false);

        using var a = TrainedRun.Load(first);
        using var b = TrainedRun.Load(second);
        foreach (var ((name, pa), (_, pb)) in a.Model.named_parameters().Zip(b.Model.named_parameters()))
        {
            Assert.True(pa.data<float>().ToArray().SequenceEqual(pb.data<float>().ToArray()), $"{name} was not taken from the first run");
        }
    }

    [Fact]
    public void Starting_from_a_run_that_trained_on_a_held_out_family_is_refused()
    {
        var tasks = SyntheticTasks.Create(12, seed: 7);
        var first = Path.Combine(_root, "saw-everything");
        var open = TinyModels.Run("pretrain", steps: 1);
        new MetaTrainer(open with { Training = open.Training with { HoldoutFamilies = [] } }, tasks, first, [], "").Run(resume: false);
        var next = TinyModels.Run("anil", steps: 1);
        next = next with { Training = next.Training with { InitFrom = first } };

        var ex = Assert.Throws<InvalidOperationException>(() => new MetaTrainer(next, tasks, Path.Combine(_root, "next"), [], "").Run(resume: false));
        Assert.Contains("holds out", ex.Message, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    // Elapsed time differs between runs; the loss column must not.
    private static string Loss(string row) => string.Join(',', row.Split(',')[..2]);
}
