using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class HeldOutSelectionTests
{
    private static readonly MusicTask[] Tasks =
    [
        SyntheticTasks.Riff("nottingham/jigs", "a.mid", 3),
        SyntheticTasks.Riff("nottingham/waltzes", "b.mid", 3),
        SyntheticTasks.Riff("essen/china", "c.mid", 3),
    ];

    private static readonly HeldOutSelection Selection = new(["nottingham", "jsb"], ["nottingham/waltzes", "jsb/test"]);

    [Fact]
    public void A_corpus_the_model_never_saw_counts_as_held_out()
    {
        var chosen = Selection.Select(Tasks, null, "models/x");

        Assert.Equal(["b.mid", "c.mid"], chosen.Select(t => t.Name));
    }

    [Fact]
    public void Naming_a_trained_family_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Selection.Select(Tasks, ["jigs"], "models/x"));

        Assert.Contains("nottingham/jigs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_trained_material_is_an_error_that_says_what_counts_as_held_out()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Selection.Select([Tasks[0]], null, "models/x"));

        Assert.Contains("any other corpus counts as held out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Tuning_takes_only_the_named_trained_on_families()
    {
        var chosen = Selection.SelectTrainedOn(Tasks, ["jigs"], "models/x");

        Assert.Equal(["a.mid"], chosen.Select(t => t.Name));
    }

    [Fact]
    public void Tuning_on_a_held_out_family_is_refused()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Selection.SelectTrainedOn(Tasks, ["jigs", "waltzes"], "models/x"));

        Assert.Contains("nottingham/waltzes", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => Selection.SelectTrainedOn(Tasks, ["china"], "models/x"));
    }

    [Fact]
    public void Corpus_names_come_from_the_data_folders()
    {
        Assert.Equal(["nottingham", "jsb"], HeldOutSelection.CorpusNames(["../shared/data/nottingham", "/data/jsb/"]));
    }
}
