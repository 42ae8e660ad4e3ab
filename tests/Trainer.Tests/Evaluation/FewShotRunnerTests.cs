using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class FewShotRunnerTests
{
    private static readonly MusicTask[] Tasks =
    [
        SyntheticTasks.Riff("reels", "b.mid", 6, transpose: 2),
        SyntheticTasks.Riff("reels", "a.mid", 5),
        SyntheticTasks.Riff("jigs", "c.mid", 7, transpose: -3),
        SyntheticTasks.Riff("jigs", "too-short.mid", 2),
    ];

    [Fact]
    public void Every_method_sees_the_same_tasks_at_a_K_and_short_pieces_are_scored_at_the_K_they_allow()
    {
        var runner = new FewShotRunner(new FewShotSettings { Shots = [1, 4] });

        var results = runner.Run(Tasks, [new UniformMethod(), new PpmMethod()]);

        foreach (var shots in new[] { 1, 4 })
        {
            var taskSets = results.Tasks
                .Where(t => t.Shots == shots)
                .GroupBy(t => t.Method)
                .Select(g => string.Join(";", g.Select(t => t.Task)))
                .Distinct()
                .ToArray();
            Assert.Single(taskSets);
        }

        Assert.Equal("c.mid;too-short.mid;a.mid;b.mid", string.Join(";", results.Tasks.Where(t => t.Shots == 1 && t.Method == "uniform").Select(t => t.Task)));
        Assert.Equal("c.mid;a.mid;b.mid", string.Join(";", results.Tasks.Where(t => t.Shots == 4 && t.Method == "uniform").Select(t => t.Task)));
        Assert.Equal(new Dictionary<int, int> { [1] = 4, [4] = 3 }, results.TasksPerShot());
    }

    [Fact]
    public void Support_only_PPM_beats_the_uniform_model_on_repeated_riffs()
    {
        var runner = new FewShotRunner(new FewShotSettings { Shots = [1, 2] });

        var all = runner.Run(Tasks, [new UniformMethod(), new PpmMethod()]).Summarise(FewShotResults.AllFamilies);

        var uniform = all.Single(r => r.Method == "uniform" && r.Shots == 2);
        var ppm = all.Single(r => r.Method == "PPM (support)" && r.Shots == 2);
        Assert.True(ppm.NllPerEvent.Mean < uniform.NllPerEvent.Mean / 3, $"PPM {ppm.NllPerEvent.Mean} vs uniform {uniform.NllPerEvent.Mean}");
        Assert.True(ppm.Accuracy.Mean > 0.9);
        Assert.NotNull(ppm.Style);
        Assert.Null(uniform.Style);
        // PPM-C escapes often with two phrases of counts (q / (n + q) = 1/3 in a context seen twice), so
        // sampled responses wander; still, some whole 8-event stretches of the riff come back.
        Assert.InRange(ppm.CopiedShare.Mean, 0.01, 1.0);
    }

    [Fact]
    public void Mixture_reuses_its_components_predictions_within_an_episode()
    {
        var uniform = new UniformMethod();
        var ppm = new PpmMethod();
        var runner = new FewShotRunner(new FewShotSettings { Shots = [1] });

        var results = runner.Run(Tasks, [uniform, ppm, new MixtureMethod(uniform, ppm)]);

        Assert.Equal(results.Tasks.Count / 3, uniform.Calls); // once per episode, not twice
        var rows = results.Summarise(FewShotResults.AllFamilies);
        var mixed = rows.Single(r => r.Method == "uniform + PPM").NllPerEvent.Mean;
        Assert.InRange(mixed, rows.Single(r => r.Method == "PPM (support)").NllPerEvent.Mean, rows.Single(r => r.Method == "uniform").NllPerEvent.Mean);
    }

    [Fact]
    public void Runs_with_the_same_seed_give_the_same_results()
    {
        var settings = new FewShotSettings { Shots = [1, 2], Seed = 7 };

        var first = new FewShotRunner(settings).Run(Tasks, [new PpmMethod()]);
        var second = new FewShotRunner(settings).Run(Tasks, [new PpmMethod()]);

        Assert.Equal(first.Tasks.Select(t => t with { Answer = null }), second.Tasks.Select(t => t with { Answer = null }));
        Assert.Equal(first.Tasks.Select(t => t.Answer?.ToString()), second.Tasks.Select(t => t.Answer?.ToString()));
    }

    [Fact]
    public void Methods_that_only_play_get_answer_measures_and_no_scores()
    {
        var runner = new FewShotRunner(new FewShotSettings { Shots = [2] });

        var results = runner.Run(Tasks, [new UniformMethod(), new ContinuatorMethod(), new RepeatLastPhraseMethod()]);

        var rows = results.Summarise(FewShotResults.AllFamilies);
        var continuator = rows.Single(r => r.Method == "Continuator (support notes)");
        Assert.Equal(0, continuator.NllPerEvent.Count);
        Assert.NotNull(continuator.Answer);
        // The riffs repeat one phrase in even notes, so recombining the support's notes keeps its rhythm exactly.
        Assert.Equal(0, continuator.Answer!.InterOnsetJsd.Mean, 9);
        Assert.Equal(0, continuator.Answer.DurationJsd.Mean, 9);
        Assert.Equal(1, continuator.Answer.PerformerIntervalShare.Mean, 6);
        var echo = rows.Single(r => r.Method == "repeat the last phrase").Answer!;
        Assert.Equal(0, echo.PitchClassJsd.Mean, 9);
        Assert.Equal(0, echo.RegisterGap.Mean, 9);
        Assert.True(rows.Single(r => r.Method == "uniform").Answer is null);
    }

    [Fact]
    public void Single_line_and_polyphonic_families_are_summarised_apart()
    {
        var chords = new EdgeMeta.EdgeRuntime.Corpus.MusicTask("chorales", "d.mid", Enumerable.Range(0, 4).Select(_ => SyntheticTasks.Chords([60, 64, 67], [62, 65, 69])).ToArray());
        var runner = new FewShotRunner(new FewShotSettings { Shots = [1] });

        var results = runner.Run([.. Tasks, chords], [new UniformMethod()]);

        Assert.True(results.IsSingleLineFamily("reels"));
        Assert.False(results.IsSingleLineFamily("chorales"));
        Assert.Equal(1, results.Summarise(FewShotResults.PolyphonicFamilies).Single().Tasks);
        Assert.Equal(4, results.Summarise(FewShotResults.SingleLineFamilies).Single().Tasks);
    }

    [Fact]
    public void Fixed_query_scores_the_same_phrases_at_every_K()
    {
        var runner = new FewShotRunner(new FewShotSettings { Shots = [1, 4], FixedQuery = true });

        var results = runner.Run(Tasks, [new UniformMethod()]);

        var events = results.Tasks.Where(t => t.Task == "c.mid").Select(t => t.Score!.Value.Events).Distinct();
        Assert.Single(events);
    }

    [Fact]
    public void Duplicate_method_names_are_rejected()
    {
        var runner = new FewShotRunner(new FewShotSettings());

        var error = Assert.Throws<ArgumentException>(() => runner.Run(Tasks, [new PpmMethod(), new PpmMethod(3)]));

        Assert.Contains("PPM (support)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_task_longer_than_the_smallest_K_is_an_error()
    {
        var runner = new FewShotRunner(new FewShotSettings { Shots = [8, 16] });

        Assert.Throws<ArgumentException>(() => runner.Run(Tasks, [new UniformMethod()]));
    }
}
