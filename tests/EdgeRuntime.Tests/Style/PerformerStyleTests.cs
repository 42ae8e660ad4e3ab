using EdgeMeta.EdgeRuntime.Style;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

public class PerformerStyleTests
{
    [Fact]
    public void A_single_line_reads_as_one_voice_with_its_register_and_dynamics()
    {
        var call = Calls.Line(0.25, 96, (60, 1), (62, 1), (64, 2), (65, 1), (67, 1), (69, 2));

        var style = PerformerStyle.Of([call])!;

        Assert.True(style.IsSingleLine);
        Assert.Equal(0, style.OverlapShare);
        Assert.Equal(60, style.LowestPitch);
        Assert.Equal(69, style.HighestPitch);
        Assert.Equal((60 + 62 + 64 + 65 + 67 + 69) / 6.0, style.MeanPitch, 6);
        Assert.InRange(style.VelocityMean, 94, 99); // the centre of velocity 96's bin
        Assert.Equal(0, style.VelocitySpread, 6);
        Assert.InRange(style.Articulation, 0.95, 1.05);
    }

    [Fact]
    public void Block_chords_read_as_several_voices()
    {
        var call = Calls.Chords(0.5, 64, [48, 52, 55], [50, 53, 57], [47, 50, 55, 59]);

        var style = PerformerStyle.Of([call])!;

        Assert.False(style.IsSingleLine);
        Assert.Equal(4, style.MaxPolyphony);
        Assert.True(style.OverlapShare > 0.9);
    }

    [Fact]
    public void Triplets_give_a_triplet_grid_at_their_tempo()
    {
        var style = PerformerStyle.Of([Calls.Triplets(beatSeconds: 0.6, bars: 6)])!;

        Assert.Equal(3, style.Pulse.Subdivision);
        Assert.Equal(0.2, style.Pulse.GridSeconds, 3);
        Assert.Equal(100, style.Pulse.Bpm, 0);
        Assert.True(style.Pulse.Fit > 0.99);
        Assert.Equal(18.0 / 23, style.GridStepShares[0], 3); // 23 intervals: three triplet steps per bar, then a quarter (three steps)
        Assert.Equal(5.0 / 23, style.GridStepShares[2], 3);
    }

    [Fact]
    public void Straight_eighths_and_quarters_give_duplets()
    {
        var call = Calls.Line(0.25, 80, (60, 1), (62, 1), (64, 2), (65, 1), (67, 1), (69, 2), (67, 1), (65, 1), (64, 2), (62, 2), (60, 4));

        var style = PerformerStyle.Of([call])!;

        Assert.Equal(0.25, style.Pulse.GridSeconds, 3);
        Assert.Contains(style.Pulse.Subdivision, new[] { 2, 4 });
    }

    [Fact]
    public void No_notes_give_no_style()
    {
        Assert.Null(PerformerStyle.Of([new EdgeMeta.EdgeRuntime.Tokens.Phrase([])]));
    }

    [Fact]
    public void The_summary_is_one_line_naming_register_texture_dynamics_and_pulse()
    {
        var text = PerformerStyle.Of([Calls.Triplets(0.6, 4)])!.ToString();

        Assert.DoesNotContain('\n', text);
        Assert.Contains("register 62–74", text, StringComparison.Ordinal);
        Assert.Contains("single line", text, StringComparison.Ordinal);
        Assert.Contains("100 bpm, triplets", text, StringComparison.Ordinal);
        Assert.Contains("velocity 82", text, StringComparison.Ordinal);
    }
}
