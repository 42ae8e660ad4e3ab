using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tests.Inference;
using EdgeMeta.EdgeRuntime.Tests.Realtime;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>A phrase's backbone run in fixed blocks: the same numbers however and whenever its blocks run.</summary>
public sealed class FeatureRunTests
{
    private static Phrase RandomPhrase(Random random, int length) =>
        new([.. Enumerable.Range(0, length).Select(_ => random.Next(Vocabulary.Pad))]);

    internal static void AssertBitwiseEqual(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
            {
                Assert.Fail($"{what}: value {i} is {actual[i]:R}, expected {expected[i]:R} bit for bit");
            }
        }
    }

    [Fact]
    public void On_the_shipped_model_blocks_give_one_whole_sequence_run_bit_for_bit()
    {
        using var backbone = ModelFolder.OpenBackbone(ModelFolder.Load(TestModel.Find()));
        var random = new Random(11);
        foreach (var length in new[] { 1, 6, 7, 8, 15, 16, 40, 63, 64, 90 })
        {
            var phrase = RandomPhrase(random, length);
            var finalState = new float[backbone.StateSize];
            var whole = backbone.RunSequence(FeatureRun.Positions(phrase), ReadOnlySpan<float>.Empty, finalState);

            var blocks = PhraseFeatures.Compute(backbone, phrase);

            AssertBitwiseEqual(whole, blocks.Features, $"features of a {length}-event phrase");
            AssertBitwiseEqual(finalState, blocks.FinalState, $"final state of a {length}-event phrase");
        }
    }

    [Fact]
    public void A_run_started_on_wrong_guesses_still_finishes_with_the_features_of_the_phrase()
    {
        using var backbone = ModelFolder.OpenBackbone(ModelFolder.Load(TestModel.Find()));
        var random = new Random(12);
        var phrase = RandomPhrase(random, 50);
        var positions = FeatureRun.Positions(phrase);
        var guess = (int[])positions.Clone();
        guess[20] = (guess[20] + 1) % Vocabulary.Pad;   // a guess that the phrase's end overturns at position 20
        var run = new FeatureRun(backbone.FeatureSize, backbone.StateSize);

        run.Extend(backbone, positions.AsSpan(0, 13));
        run.Extend(backbone, guess.AsSpan(0, 40));
        var computedAhead = run.Computed;
        var completed = run.Complete(backbone, phrase);

        var scratch = PhraseFeatures.Compute(backbone, phrase);
        Assert.Equal(40, computedAhead);
        AssertBitwiseEqual(scratch.Features, completed.Features, "features");
        AssertBitwiseEqual(scratch.FinalState, completed.FinalState, "final state");
    }

    [Fact]
    public void On_the_shipped_model_extending_a_run_allocates_nothing_once_its_buffers_are_warm()
    {
        using var backbone = ModelFolder.OpenBackbone(ModelFolder.Load(TestModel.Find()));
        var positions = FeatureRun.Positions(RandomPhrase(new Random(14), 64));
        var guess = (int[])positions.Clone();
        guess[30] = (guess[30] + 1) % Vocabulary.Pad;
        var buffers = new BlockBuffers(backbone.FeatureSize, backbone.StateSize);
        var run = new FeatureRun(buffers);
        run.Extend(backbone, positions);   // warm-up: 8 blocks' arrays, the run's lists at full size
        run.Release();
        run.Extend(backbone, positions.AsSpan(0, 8));
        var free = buffers.Free;

        var before = GC.GetAllocatedBytesForCurrentThread();
        run.Extend(backbone, positions.AsSpan(0, 16));   // one block more
        run.Extend(backbone, guess.AsSpan(0, 48));       // a guess: blocks 2..5
        run.Extend(backbone, positions);                 // overturned at block 3: dropped and rerun
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(64, run.Computed);
        Assert.Equal(free - 7, buffers.Free);
        var completed = run.Complete(backbone, new Phrase(positions[1..]));
        AssertBitwiseEqual(PhraseFeatures.Compute(backbone, new Phrase(positions[1..])).Features, completed.Features, "features");
        Assert.Equal(0, run.Computed);
        Assert.Equal(free + 1, buffers.Free);
    }

    [Fact]
    public void Extending_runs_only_whole_blocks_and_completing_runs_only_what_is_left()
    {
        var backbone = new CountingBackbone(new FakeBackbone(4));
        var phrase = RandomPhrase(new Random(13), 30);   // 31 positions
        var run = new FeatureRun(backbone.FeatureSize, backbone.StateSize);

        run.Extend(backbone, FeatureRun.Positions(phrase).AsSpan(0, 27));
        var ahead = backbone.PositionsRun;
        run.Complete(backbone, phrase);

        Assert.Equal(24, ahead);
        Assert.Equal(31, backbone.PositionsRun);
    }
}
