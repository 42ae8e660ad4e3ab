using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class StyleDistancesTests
{
    [Fact]
    public void Identical_material_has_zero_distance()
    {
        var phrases = new[] { SyntheticTasks.Line([60, 64, 67, 72]), SyntheticTasks.Line([62, 65, 69], steps: 50) };

        var distances = StyleDistances.Between(StyleProfile.Of(phrases), StyleProfile.Of(phrases));

        Assert.Equal(new StyleDistances(0, 0, 0, 0, 0), distances);
    }

    [Fact]
    public void Different_material_has_positive_distances_in_every_measure()
    {
        var slowLoudC = new[] { SyntheticTasks.Line([60, 64, 67, 72], steps: 50, velocityBin: 28) };
        var fastSoftChromatic = new[] { SyntheticTasks.Line([61, 62, 63, 64, 65, 66], steps: 10, velocityBin: 5) };

        var distances = StyleDistances.Between(StyleProfile.Of(fastSoftChromatic), StyleProfile.Of(slowLoudC));

        Assert.True(distances.PitchClass > 0);
        Assert.True(distances.Interval > 0);
        Assert.Equal(1.0, distances.InterOnset, 12); // 100 ms vs 500 ms: disjoint bins
        Assert.Equal(1.0, distances.Velocity, 12);
        Assert.Equal(10.0 - 2.0, distances.NoteDensity, 9);
    }

    [Fact]
    public void Profile_reads_onsets_intervals_and_log_spaced_inter_onset_bins()
    {
        // C4 then, 250 ms later, a leap of 19 semitones up (clamped to +12) and a chord note (IOI 0).
        var phrase = new Phrase(
        [
            Vocabulary.Velocity(31), Vocabulary.NoteOn(60), Vocabulary.TimeShift(25),
            Vocabulary.NoteOn(79), Vocabulary.NoteOn(67), Vocabulary.TimeShift(25),
        ]);

        var profile = StyleProfile.Of([phrase]);

        Assert.Equal(3, profile.Notes);
        Assert.Equal(0.5, profile.Seconds, 12);
        Assert.Equal(6.0, profile.NoteDensity, 9);
        Assert.Equal(2, profile.PitchClass[7]); // G5 and G4
        Assert.Equal(1, profile.Interval[StyleProfile.MaxInterval + StyleProfile.MaxInterval]);
        Assert.Equal(1, profile.Interval[StyleProfile.MaxInterval - 12]);
        Assert.Equal(1, profile.InterOnset[0]); // chord
        Assert.Equal(1, profile.InterOnset[5]); // 250 ms lies in [160, 320) ms
        Assert.Equal(3, profile.Velocity[StyleProfile.VelocityHistogramBins - 1]);
    }

    [Fact]
    public void Jensen_Shannon_divergence_is_symmetric_and_at_most_one_bit()
    {
        double[] p = [3, 1, 0];
        double[] q = [0, 1, 3];

        var forward = StyleDistances.JensenShannonBits(p, q);
        var backward = StyleDistances.JensenShannonBits(q, p);

        Assert.Equal(forward, backward, 12);
        Assert.InRange(forward, 0.1, 1.0);
        Assert.Equal(1.0, StyleDistances.JensenShannonBits([1, 0], [0, 1]), 12);
    }
}
