using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class ContinuatorModelTests
{
    private static PlayedNote[] Line(int phrase, params int[] pitches) =>
        pitches.Select((p, i) => new PlayedNote(p, 80, i * 0.25, 0.2, phrase)).ToArray();

    [Fact]
    public void The_longest_matching_context_decides_the_continuation()
    {
        // After 60 62 the support goes to 64; after 65 62 it goes to 59: only a context of two tells them apart.
        var model = new ContinuatorModel([.. Line(0, 60, 62, 64), .. Line(1, 65, 62, 59)], maxOrder: 3);
        var random = new Random(1);

        for (var i = 0; i < 20; i++)
        {
            var (_, pitch, _, order) = model.Next([60, 62], random);
            Assert.Equal(64, pitch);
            Assert.Equal(2, order);
        }
    }

    [Fact]
    public void An_unknown_context_backs_off_to_intervals_then_to_any_note()
    {
        var model = new ContinuatorModel(Line(0, 60, 62, 64), maxOrder: 3);
        var random = new Random(2);

        var (_, transposed, _, order) = model.Next([70, 72], random); // a whole tone up, as 60 → 62 was: continue a tone up
        Assert.Equal(74, transposed);
        Assert.Equal(2, order);

        var (note, pitch, _, none) = model.Next([10], random);
        Assert.Equal(0, none);
        Assert.Contains(pitch, new[] { 60, 62, 64 });
        Assert.Equal(note.Pitch, pitch);
    }

    [Fact]
    public void Continuations_carry_their_own_timing_length_and_velocity()
    {
        var notes = new[] { new PlayedNote(60, 40, 0, 0.1, 0), new PlayedNote(67, 100, 0.3, 0.5, 0) };
        var model = new ContinuatorModel(notes, maxOrder: 2);

        var (note, _, interOnset, _) = model.Next([60], new Random(3));

        Assert.Equal(67, note.Pitch);
        Assert.Equal(100, note.Velocity);
        Assert.Equal(0.5, note.Duration);
        Assert.Equal(0.3, interOnset, 9);
    }
}
