using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class PredictionScoreTests
{
    [Fact]
    public void Pitch_information_content_renormalises_over_note_on_tokens()
    {
        // BOS, NOTE_ON(60), EOS. Row 0 gives NOTE_ON(60) 0.2, NOTE_ON(62) 0.2, NOTE_ON(64) 0.4 and
        // TIME_SHIFT(1) 0.2: among NOTE_ONs p(60) = 0.2 / 0.8 = 1/4, so 2 bits; NLL = −ln 0.2.
        // Row 1 predicts EOS with 0.5: not a note, so it adds to NLL and accuracy only.
        var rows = new double[2 * Vocabulary.Size];
        rows[Vocabulary.NoteOn(60)] = 0.2;
        rows[Vocabulary.NoteOn(62)] = 0.2;
        rows[Vocabulary.NoteOn(64)] = 0.4;
        rows[Vocabulary.TimeShift(1)] = 0.2;
        rows[Vocabulary.Size + Vocabulary.Eos] = 0.5;
        rows[Vocabulary.Size + Vocabulary.NoteOn(70)] = 0.5;
        var distributions = new SequenceDistributions(2, Vocabulary.Size, rows);

        var score = PredictionScore.Of(new Phrase([Vocabulary.NoteOn(60)]).ToModelSequence(), distributions);

        Assert.Equal(2, score.Events);
        Assert.Equal(1, score.Notes);
        Assert.Equal(2.0, score.PitchBitsPerNote, 12);
        Assert.Equal((-Math.Log(0.2) - Math.Log(0.5)) / 2, score.NllPerEvent, 12);
        // Row 0's argmax is NOTE_ON(64) (wrong); row 1 ties EOS with NOTE_ON(70) and the lower id (NOTE_ON(70)) wins (wrong).
        Assert.Equal(0.0, score.Accuracy);
    }

    [Fact]
    public void Uniform_prediction_costs_ln_V_per_event_and_log2_128_bits_per_note()
    {
        var sequence = SyntheticTasks.Line([60, 62]).ToModelSequence();
        var uniform = new SequenceDistributions(sequence.Length - 1, Vocabulary.Size, Enumerable.Repeat(1.0 / Vocabulary.Size, (sequence.Length - 1) * Vocabulary.Size).ToArray());

        var score = PredictionScore.Of(sequence, uniform);

        Assert.Equal(Math.Log(Vocabulary.Size), score.NllPerEvent, 10);
        Assert.Equal(7.0, score.PitchBitsPerNote, 10);
        Assert.Equal(2, score.Notes);
    }

    [Fact]
    public void Scores_of_two_phrases_add_up()
    {
        var a = new PredictionScore(3, 1.5, 1, 1, 2.0);
        var b = new PredictionScore(1, 0.5, 1, 1, 4.0);

        var sum = a + b;

        Assert.Equal(0.5, sum.NllPerEvent, 12);
        Assert.Equal(0.5, sum.Accuracy, 12);
        Assert.Equal(3.0, sum.PitchBitsPerNote, 12);
    }

    [Fact]
    public void Wrong_number_of_rows_is_rejected()
    {
        var distributions = new SequenceDistributions(1, Vocabulary.Size, new double[Vocabulary.Size]);

        Assert.Throws<ArgumentException>(() => PredictionScore.Of(SyntheticTasks.Line([60]).ToModelSequence(), distributions));
    }

    [Fact]
    public void Softmax_of_logits_is_a_distribution_that_keeps_the_order()
    {
        var logits = new float[2 * 3];
        logits[0] = 1000f; // would overflow exp without the max shift
        logits[3] = 1f;
        logits[4] = 2f;
        logits[5] = 3f;

        var distributions = SequenceDistributions.FromLogits(logits, 2, 3);

        Assert.Equal(1.0, distributions.Row(0)[0], 12);
        Assert.Equal(1.0, distributions.Row(1).ToArray().Sum(), 12);
        Assert.True(distributions.Row(1)[2] > distributions.Row(1)[1]);
    }
}
