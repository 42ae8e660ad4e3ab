using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

/// <summary>
/// Each steering term does what it says on the shipped model (unadapted, so the model's own habits are what the
/// steering has to move): the answers to a call are generated with steering on and off from the same seeds.
/// </summary>
public sealed class SteeringWithDefaultModelTests : IDisposable
{
    private static readonly int[] Seeds = [1, 2, 3, 4];
    private readonly LoadedModel _model = ModelFolder.Load(Path.Combine(TestPaths.RepositoryRoot(), "models", "default"));
    private readonly OnnxBackbone _backbone;

    public SteeringWithDefaultModelTests() => _backbone = new OnnxBackbone(_model.BackbonePath);

    [Fact]
    public void A_single_line_call_gets_an_answer_with_no_overlapping_notes()
    {
        var call = Calls.Line(0.2, 80, (67, 1), (69, 1), (71, 2), (72, 1), (74, 1), (76, 2), (74, 1), (72, 1), (71, 2), (69, 1), (67, 3));

        var steered = NoteStatistics.Of(Answers(call, new SamplerSettings()));

        Assert.True(steered.Notes > 20, $"{steered.Notes} notes");
        Assert.Equal(0, steered.OverlapShare);
    }

    [Fact]
    public void A_call_in_a_low_register_pulls_the_answer_down()
    {
        var call = Calls.Line(0.25, 80, (36, 2), (40, 1), (43, 1), (45, 2), (43, 1), (40, 1), (38, 2), (36, 1), (38, 1), (40, 2), (43, 2), (36, 4));

        var steered = NoteStatistics.Of(Answers(call, new SamplerSettings())).MeanPitch;
        var free = NoteStatistics.Of(Answers(call, new SamplerSettings { Steering = StyleSteeringSettings.Off })).MeanPitch;

        Assert.True(steered < free - 2, $"mean pitch {steered:F1} steered, {free:F1} unsteered");
        Assert.InRange(steered, 34, 48);
    }

    [Fact]
    public void A_call_on_a_triplet_grid_gets_triplet_onsets()
    {
        // 110 bpm triplets: a 182 ms grid, far from the straight 136 / 273 ms of that tempo.
        var beat = 60.0 / 110;
        var call = Calls.Triplets(beat, bars: 8);
        var grid = beat / 3;

        var steered = OnGridShare(NoteStatistics.Of(Answers(call, new SamplerSettings())), grid);
        var free = OnGridShare(NoteStatistics.Of(Answers(call, new SamplerSettings { Steering = StyleSteeringSettings.Off })), grid);

        Assert.True(steered >= 0.8, $"{steered:P0} of the steered answer's inter-onset intervals on the triplet grid (unsteered {free:P0})");
        Assert.True(steered > free + 0.1, $"steered {steered:P0}, unsteered {free:P0}");
    }

    [Fact]
    public void A_chordal_call_at_one_velocity_gets_answers_at_that_velocity()
    {
        var call = Calls.Chords(0.5, 90, [48, 52, 55], [50, 53, 57], [47, 50, 55], [48, 52, 55], [45, 48, 52], [43, 47, 50], [48, 52, 55]);
        var bin = Vocabulary.BinOfVelocity(90);

        var velocities = Answers(call, new SamplerSettings()).SelectMany(a => a.Tokens.Where(Vocabulary.IsVelocity)).ToArray();

        Assert.NotEmpty(velocities);
        Assert.All(velocities, t => Assert.Equal(bin, Vocabulary.VelocityBinOf(t)));
    }

    [Fact]
    public void A_waltz_call_gets_answers_whose_low_notes_are_held_longer_than_their_high_notes()
    {
        var call = Calls.Waltz(0.5, bars: 6);
        var collector = new NoteCollector(4096);
        foreach (var answer in Answers(call, new SamplerSettings()))
        {
            collector.AcceptPhrase(answer.Tokens);
        }

        var notes = collector.Notes.ToArray();
        var split = notes.Average(n => n.Pitch);
        var low = notes.Where(n => n.Pitch < split).Average(n => n.Duration);
        var high = notes.Where(n => n.Pitch >= split).Average(n => n.Duration);

        Assert.True(low > 1.5 * high, $"low notes {low:F2} s, high notes {high:F2} s on average");
    }

    [Fact]
    public void Steering_toward_a_given_style_overrides_the_primer()
    {
        var low = PerformerStyle.Of([Calls.Line(0.25, 80, (36, 2), (40, 1), (43, 1), (45, 2), (43, 1), (40, 1), (38, 2), (36, 4))]);
        var highCall = Calls.Line(0.25, 80, (79, 2), (81, 1), (83, 1), (84, 2), (83, 1), (81, 1), (79, 4));
        var generator = new Generator(_backbone, new AdapterHead(_model.InitialAdapter), new Sampler(new SamplerSettings { Seed = 5 }));

        generator.Sampler.Steer(low);
        generator.Prime(highCall.Tokens);
        var answer = NoteStatistics.Of([new Phrase(generator.Generate(8))]);

        Assert.Same(low, generator.Sampler.SteeringStyle);
        Assert.True(answer.MeanPitch < 60, $"mean pitch {answer.MeanPitch:F1}");
    }

    public void Dispose() => _backbone.Dispose();

    private Phrase[] Answers(Phrase call, SamplerSettings settings) =>
        Seeds.Select(seed =>
        {
            var generator = new Generator(_backbone, new AdapterHead(_model.InitialAdapter), new Sampler(settings with { Seed = seed }));
            generator.Prime(call.Tokens);
            return new Phrase(generator.Generate(8));
        }).ToArray();

    private static double OnGridShare(NoteStatistics answer, double grid)
    {
        var tolerance = Pulse.Tolerance(grid);
        var on = answer.InterOnsetSeconds.Count(gap => Math.Abs(gap - (Math.Round(gap / grid) * grid)) <= tolerance + 1e-9);
        return answer.InterOnsetSeconds.Count == 0 ? 0 : (double)on / answer.InterOnsetSeconds.Count;
    }
}
