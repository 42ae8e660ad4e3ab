using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

public class SteeringAllocationTests
{
    private static Generator Make(SamplerSettings settings)
    {
        var backbone = new FakeBackbone(8) { Recording = false };
        var head = new AdapterHead(Models.AdapterFileTests.RandomAdapter(Vocabulary.Size, 8, 0, seed: 12));
        return new Generator(backbone, head, new Sampler(settings));
    }

    [Fact]
    public void A_steered_answer_allocates_nothing_per_step_including_the_primer_style()
    {
        var generator = Make(new SamplerSettings { Seed = 1 });
        var call = Calls.Triplets(0.6, 8).Tokens;
        generator.Prime(call);
        for (var i = 0; i < 500; i++)
        {
            generator.Next(); // warm: JIT and tiering
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        generator.Prime(call); // the next draw measures the primer's style
        for (var i = 0; i < 1000; i++)
        {
            generator.Next();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.NotNull(generator.Sampler.SteeringStyle);
    }

    [Fact]
    public void Steering_toward_a_given_style_allocates_nothing_per_step()
    {
        var generator = Make(new SamplerSettings { Seed = 2 });
        var style = PerformerStyle.Of([Calls.Chords(0.5, 70, [48, 52, 55], [50, 53, 57])]);
        generator.Sampler.Steer(style);
        generator.Prime([]);
        for (var i = 0; i < 500; i++)
        {
            generator.Next();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        generator.Sampler.Steer(style);
        for (var i = 0; i < 1000; i++)
        {
            generator.Next();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Temperature_changes_live_within_its_range()
    {
        var sampler = new Sampler(new SamplerSettings { Seed = 4 });
        sampler.Accept(Vocabulary.NoteOn(60));

        sampler.Temperature = 0; // greedy from here on, same grammar state
        var logits = new float[Vocabulary.Size];
        logits[Vocabulary.NoteOff(60)] = 5;
        Assert.Equal(Vocabulary.NoteOff(60), sampler.Sample(logits));
        Assert.Equal(0, sampler.Settings.Temperature);

        sampler.Temperature = 2.0f;
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Temperature = 2.5f);
        Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Temperature = 0.05f);
        Assert.Equal(2.0f, sampler.Temperature);
    }

    [Fact]
    public void Changing_temperature_keeps_the_random_stream()
    {
        // Two samplers with one seed: one switches to T = 0.5 and back before each draw; at T = 1 both draw the same.
        var steady = new Sampler(new SamplerSettings { Seed = 9, Steering = StyleSteeringSettings.Off });
        var switched = new Sampler(new SamplerSettings { Seed = 9, Steering = StyleSteeringSettings.Off });
        var random = new Random(1);
        for (var i = 0; i < 50; i++)
        {
            var logits = new float[Vocabulary.Size];
            for (var t = 0; t < logits.Length; t++)
            {
                logits[t] = (float)random.NextDouble();
            }

            switched.Temperature = 0.5f;
            switched.Temperature = 1.0f;
            Assert.Equal(steady.Sample(logits.ToArray()), switched.Sample(logits));
        }
    }
}
