using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

public class AnswerMeasuresTests
{
    [Fact]
    public void An_answer_equal_to_the_reference_and_the_call_is_at_distance_zero_and_fully_copied()
    {
        var phrase = Calls.Triplets(0.6, 4);

        var measures = AnswerMeasures.Between([phrase], [phrase], [phrase]);

        Assert.Equal(0, measures.PitchClassJsd, 9);
        Assert.Equal(0, measures.IntervalJsd, 9);
        Assert.Equal(0, measures.InterOnsetJsd, 9);
        Assert.Equal(0, measures.DurationJsd, 9);
        Assert.Equal(0, measures.RegisterGap, 9);
        Assert.Equal(0, measures.VelocityGap, 9);
        Assert.Equal(1, measures.PerformerIntervalShare);
        Assert.Equal(0, measures.Overlap);
        Assert.Equal(1, measures.CopiedPatterns);
    }

    [Fact]
    public void An_octave_higher_answer_in_chords_shows_the_register_gap_and_the_overlaps()
    {
        var call = Calls.Triplets(0.6, 4);
        var answer = Calls.Chords(0.5, 80, [74, 78, 81], [76, 79, 83]);

        var measures = AnswerMeasures.Between([answer], [call], [call]);

        Assert.True(measures.RegisterGap > 8, measures.ToString());
        Assert.Equal(1, measures.Overlap);
        Assert.Equal(0, measures.ReferenceOverlap);
        Assert.True(double.IsNaN(measures.CopiedPatterns)); // six notes hold no 8-note pattern
        Assert.Contains("| register gap (semitones) |", measures.ToTable(), StringComparison.Ordinal);
    }

    [Fact]
    public void Intervals_the_performer_used_count_within_twelve_percent()
    {
        var call = Calls.Line(0.25, 80, (60, 1), (62, 1), (64, 1), (65, 1), (67, 1));
        var near = Calls.Line(0.27, 80, (60, 1), (62, 1), (64, 1), (65, 1)); // 8 % longer
        var far = Calls.Line(0.40, 80, (60, 1), (62, 1), (64, 1), (65, 1));

        Assert.Equal(1, AnswerMeasures.Between([near], [call], [call]).PerformerIntervalShare);
        Assert.Equal(0, AnswerMeasures.Between([far], [call], [call]).PerformerIntervalShare);
    }
}
