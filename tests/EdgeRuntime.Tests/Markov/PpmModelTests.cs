using EdgeMeta.EdgeRuntime.Markov;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Markov;

public sealed class PpmModelTests
{
    private const int A = 60;
    private const int B = 62;
    private const int C = 64;

    [Fact]
    public void Distribution_sums_to_one_and_gives_every_token_some_probability()
    {
        var model = PpmModel.FromPhrases([new Phrase([A, 300, 188, B, 310, 190]), new Phrase([C, 260, 192])]);
        var sequence = new Phrase([A, 300, 188, C, Vocabulary.NoteOff(70), B]).ToModelSequence();

        var rows = model.PredictSequence(sequence);

        Assert.Equal((sequence.Length - 1) * Vocabulary.Size, rows.Length);
        for (var i = 0; i < sequence.Length - 1; i++)
        {
            var row = rows.AsSpan(i * Vocabulary.Size, Vocabulary.Size);
            var sum = 0.0;
            foreach (var p in row)
            {
                Assert.True(p > 0, $"a token has probability {p} at position {i}");
                sum += p;
            }

            Assert.Equal(1.0, sum, 12);
        }
    }

    [Fact]
    public void Untrained_model_predicts_uniformly()
    {
        var model = new PpmModel(maxOrder: 3);
        var row = new double[Vocabulary.Size];

        model.Predict([Vocabulary.Bos, A], row);

        Assert.All(row, p => Assert.Equal(1.0 / Vocabulary.Size, p, 15));
    }

    [Fact]
    public void Repeated_pattern_is_learnt_so_C_follows_A_B_with_high_probability()
    {
        var model = new PpmModel(maxOrder: 5);
        model.Learn([A, B, C, A, B, C, A, B, C]);
        var row = new double[Vocabulary.Size];

        model.Predict([A, B], row);

        Assert.True(row[C] > 0.5, $"p(C | A B) = {row[C]}");
        Assert.Equal(C, IndexOfMax(row));
    }

    [Fact]
    public void Unseen_context_backs_off_to_shorter_contexts()
    {
        var model = new PpmModel(maxOrder: 5);
        model.Learn([A, B, C, A, B, C, A, B, C]);
        var row = new double[Vocabulary.Size];

        // "C C B" never occurred, but its order-1 suffix "B" did, always followed by C.
        model.Predict([C, C, B], row);

        Assert.Equal(C, IndexOfMax(row));
        Assert.True(row[C] > 0.5, $"p(C | .. B) = {row[C]}");
        // A completely unseen last token falls back to the order-0 counts, where A, B and C are equally common.
        model.Predict([Vocabulary.Eos], row);
        Assert.Equal(row[A], row[C], 12);
        Assert.True(row[A] > 100 * row[Vocabulary.Pad], "order-0 symbols should dominate the order -1 fallback");
    }

    [Fact]
    public void Exclusion_makes_PPM_C_probabilities_match_a_hand_computation()
    {
        // Training "A B A C" with max order 1. Context "A" saw B once and C once: n = 2, q = 2,
        // so p(B) = p(C) = 1/4 and escape 1/2. Order 0 saw A 2, B 1, C 1; excluding B and C leaves
        // A with n = 2, q = 1: p(A) = 1/2 · 2/3 = 1/3, escape 1/2 · 1/3 = 1/6, spread over the other V − 3 symbols.
        var model = new PpmModel(maxOrder: 1, alphabetSize: 10);
        model.Learn([0, 1, 0, 2]);
        var row = new double[10];

        model.Predict([0], row);

        Assert.Equal(0.25, row[1], 12);
        Assert.Equal(0.25, row[2], 12);
        Assert.Equal(1.0 / 3.0, row[0], 12);
        Assert.Equal(1.0 / 6.0 / 7.0, row[5], 12);
    }

    [Fact]
    public void Token_outside_the_vocabulary_is_rejected_with_its_position()
    {
        var model = new PpmModel();

        var error = Assert.Throws<ArgumentException>(() => model.Learn([A, Vocabulary.Size + 4]));

        Assert.Contains("position 1", error.Message, StringComparison.Ordinal);
    }

    private static int IndexOfMax(double[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
