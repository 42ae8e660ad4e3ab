using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Data;

namespace EdgeMeta.Trainer.Tests.Data;

public sealed class TokenAugmentationTests
{
    [Fact]
    public void Stretch_scales_a_run_of_time_shifts_and_resplits_it_into_one_second_chunks()
    {
        int[] tokens = [Vocabulary.NoteOn(60), Vocabulary.TimeShift(100), Vocabulary.TimeShift(20), Vocabulary.NoteOff(60)];
        // 120 steps x 1.1 = 132 = 100 + 32
        Assert.Equal([Vocabulary.NoteOn(60), Vocabulary.TimeShift(100), Vocabulary.TimeShift(32), Vocabulary.NoteOff(60)], TokenAugmentation.Stretch(tokens, 1.1));
    }

    [Fact]
    public void Token_batch_pads_targets_and_counts_predicted_events()
    {
        using var batch = TokenBatch.FromPhrases([new Phrase([1, 2, 3]), new Phrase([4])], maxEvents: 16);
        Assert.Equal(new long[] { 4, 2 }, batch.Inputs.shape); // BOS + 3 events + EOS → 4 predictions
        Assert.Equal(4 + 2, batch.EventCount);
        Assert.Equal(Vocabulary.Pad, batch.Targets[3, 1].item<long>());
        Assert.Equal(Vocabulary.Eos, batch.Targets[1, 1].item<long>());
    }
}
