using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Data;

namespace EdgeMeta.Trainer.Tests.Data;

public sealed class TokenBatchTests
{
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
