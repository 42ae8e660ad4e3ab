using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tests.Models;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Inference;

public class GeneratorTests
{
    private const int Features = 24;

    private static (Generator Generator, FakeBackbone Backbone) Make(int seed = 1, AdapterParameters? adapter = null)
    {
        var backbone = new FakeBackbone(Features);
        var head = new AdapterHead(adapter ?? AdapterFileTests.RandomAdapter(Vocabulary.Size, Features, 2, seed: 12));
        return (new Generator(backbone, head, new Sampler(new SamplerSettings { Seed = seed })), backbone);
    }

    [Fact]
    public void Prime_feeds_bos_then_the_primer_and_next_feeds_back_each_sampled_token()
    {
        var (generator, backbone) = Make();
        int[] primer = [Vocabulary.Velocity(16), Vocabulary.NoteOn(60), Vocabulary.TimeShift(50)];

        generator.Prime(primer);
        var a = generator.Next();
        var b = generator.Next();

        Assert.Equal([Vocabulary.Bos, .. primer, a, b], backbone.Fed);
        Assert.True(generator.Sampler.IsSounding(60) || a == Vocabulary.NoteOff(60) || b == Vocabulary.NoteOff(60));
    }

    [Fact]
    public void Generate_reaches_the_duration_and_leaves_no_note_sounding()
    {
        var (generator, _) = Make();
        generator.Prime([Vocabulary.NoteOn(60), Vocabulary.TimeShift(20)]);

        var tokens = generator.Generate(seconds: 5);

        var seconds = tokens.Where(Vocabulary.IsTimeShift).Sum(t => Vocabulary.StepsOf(t) * Vocabulary.TimeStepSeconds);
        var cap = (5 * 50) + 64;
        Assert.True(seconds >= 5 - 1e-9 || tokens.Length >= cap, $"{seconds} s in {tokens.Length} tokens");
        Assert.Equal(0, generator.Sampler.SoundingCount);
        Assert.Contains(Vocabulary.NoteOff(60), tokens); // the primer's note is closed too
    }

    [Fact]
    public void Generated_tokens_decode_to_notes()
    {
        var (generator, _) = Make(seed: 4);
        generator.Prime([]);
        var tokens = generator.Generate(seconds: 8);

        var notes = new PerformanceTokenizer().Decode(tokens);

        Assert.NotEmpty(notes);
        Assert.All(notes, n => Assert.True(n.End >= n.Start && n.Pitch is >= 0 and < 128));
    }

    [Fact]
    public void The_same_seed_generates_the_same_tokens()
    {
        var (first, _) = Make(seed: 9);
        var (second, _) = Make(seed: 9);
        first.Prime([Vocabulary.NoteOn(64)]);
        second.Prime([Vocabulary.NoteOn(64)]);

        Assert.Equal(first.Generate(3), second.Generate(3));
    }

    [Fact]
    public void The_adapter_decides_what_is_played()
    {
        // An adapter whose bias makes NOTE_ON(72) and a 100 ms TIME_SHIFT all but certain.
        var adapter = new AdapterParameters(Vocabulary.Size, Features);
        Array.Fill(adapter.HeadBias, -30f);
        adapter.HeadBias[Vocabulary.NoteOn(72)] = 10f;
        adapter.HeadBias[Vocabulary.NoteOff(72)] = 9f;
        adapter.HeadBias[Vocabulary.TimeShift(10)] = 8f;
        var (generator, _) = Make(adapter: adapter);
        generator.Prime([]);

        var pitches = generator.Generate(2).Where(Vocabulary.IsNoteOn).Select(Vocabulary.PitchOf).Distinct();

        Assert.Equal([72], pitches);
    }

    [Fact]
    public void Next_before_prime_is_refused()
    {
        var (generator, _) = Make();
        Assert.Throws<InvalidOperationException>(() => generator.Next());
    }

    [Fact]
    public void A_head_for_another_feature_size_is_refused()
    {
        var head = new AdapterHead(new AdapterParameters(Vocabulary.Size, Features + 1));
        Assert.Throws<ArgumentException>(() => new Generator(new FakeBackbone(Features), head, new Sampler()));
    }

    [Fact]
    public void Next_allocates_nothing_once_warm()
    {
        var (generator, backbone) = Make();
        backbone.Recording = false;
        generator.Prime([Vocabulary.NoteOn(60)]);
        for (var i = 0; i < 500; i++)
        {
            generator.Next();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            generator.Next();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
