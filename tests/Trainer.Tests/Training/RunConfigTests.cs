using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Tests.Training;

public sealed class RunConfigTests
{
    [Fact]
    public void Overrides_change_the_named_field_and_keep_the_rest()
    {
        var config = RunConfig.Load(null, ["training.steps=42", "model.hiddensize=32", "training.algorithm=maml", "training.holdoutFamilies=[\"jsb/test\"]"]);
        Assert.Equal(42, config.Training.Steps);
        Assert.Equal(32, config.Model.HiddenSize);
        Assert.Equal("maml", config.Training.Algorithm);
        Assert.Equal(["jsb/test"], config.Training.Holdout);
        Assert.Equal(new RunConfig(config.Model, config.Sampler, config.Training).Sampler, RunConfig.Default.Sampler);
    }

    [Fact]
    public void Unknown_override_keys_are_rejected()
    {
        var ex = Assert.Throws<InvalidDataException>(() => RunConfig.Load(null, ["training.stepz=3"]));
        Assert.Contains("training.stepz", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_keys_in_the_file_are_rejected_with_the_file_name()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{ "training": { "steps": 3, "learningrate": 1 } }""");
            var ex = Assert.Throws<InvalidDataException>(() => RunConfig.Load(path));
            Assert.Contains(path, ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_resolved_config_round_trips_through_json()
    {
        var config = RunConfig.Load(null, ["sampler.shots=3"]);
        var again = RunConfig.Parse(config.ToJson(), "test");
        Assert.Equal(config.ToJson(), again.ToJson());
    }
}
