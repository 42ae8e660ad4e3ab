using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class NGramOriginalityTests
{
    [Fact]
    public void A_copy_of_the_support_is_entirely_copied()
    {
        var support = new[] { SyntheticTasks.Line([60, 62, 64, 65, 67]), SyntheticTasks.Line([72, 71, 69]) };

        Assert.Equal(1.0, NGramOriginality.CopiedShare(support, support));
    }

    [Fact]
    public void Disjoint_material_copies_nothing()
    {
        var support = new[] { SyntheticTasks.Line([60, 62, 64, 65, 67]) };
        var generated = new[] { SyntheticTasks.Line([48, 50, 52, 53, 55]) };

        Assert.Equal(0.0, NGramOriginality.CopiedShare(generated, support));
    }

    [Fact]
    public void Half_copied_response_counts_its_copied_windows()
    {
        // 10 events, windows of 8: 3 windows. The support holds the first 9 events, so windows 0 and 1 are copied.
        var generated = new Phrase([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
        var support = new Phrase([1, 2, 3, 4, 5, 6, 7, 8, 9]);

        Assert.Equal(2.0 / 3.0, NGramOriginality.CopiedShare([generated], [support])!.Value, 12);
    }

    [Fact]
    public void Responses_shorter_than_n_give_no_value()
    {
        Assert.Null(NGramOriginality.CopiedShare([new Phrase([1, 2, 3])], [new Phrase([1, 2, 3])]));
    }
}
