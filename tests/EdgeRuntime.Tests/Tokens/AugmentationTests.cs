using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

public sealed class AugmentationTests
{
    private readonly PerformanceTokenizer _tokenizer = new();

    [Fact]
    public void Transpose_moves_note_events_and_leaves_time_and_velocity_alone()
    {
        var tokens = _tokenizer.Encode([new Note(60, 64, 0, 0.5), new Note(64, 100, 0.5, 1)]);

        var up = Augmentation.Transpose(tokens, 3);

        Assert.Equal(
            _tokenizer.Decode(tokens).Select(n => n with { Pitch = n.Pitch + 3 }),
            _tokenizer.Decode(up),
            NoteComparer.Instance);
        Assert.Equal(tokens.Where(t => !Vocabulary.IsNoteOn(t) && !Vocabulary.IsNoteOff(t)), up.Where(t => !Vocabulary.IsNoteOn(t) && !Vocabulary.IsNoteOff(t)));
    }

    [Fact]
    public void Transpose_refuses_a_shift_that_leaves_the_keyboard()
    {
        var tokens = _tokenizer.Encode([new Note(10, 64, 0, 0.5), new Note(120, 64, 0, 0.5)]);

        Assert.Equal((-10, 7), Augmentation.TranspositionRange(tokens));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.Transpose(tokens, 8));
        Assert.Contains("-10 to 7", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Random_transpose_stays_inside_the_allowed_range_and_repeats_with_the_seed()
    {
        var tokens = _tokenizer.Encode([new Note(2, 64, 0, 0.5), new Note(60, 64, 0.5, 1)]);
        var lowest = new List<int>();
        var random = new Random(7);
        for (var i = 0; i < 200; i++)
        {
            lowest.Add(_tokenizer.Decode(Augmentation.RandomTranspose(tokens, random, 6)).Min(n => n.Pitch));
        }

        Assert.All(lowest, pitch => Assert.InRange(pitch, 0, 8));
        Assert.Equal(9, lowest.Distinct().Count()); // shifts -2..+6 all drawn
        var again = new Random(7);
        Assert.Equal(lowest.Take(20), Enumerable.Range(0, 20).Select(_ => _tokenizer.Decode(Augmentation.RandomTranspose(tokens, again, 6)).Min(n => n.Pitch)));
    }

    [Fact]
    public void Stretch_scales_a_run_of_time_shifts_and_resplits_it_into_one_second_chunks()
    {
        int[] tokens = [Vocabulary.NoteOn(60), Vocabulary.TimeShift(100), Vocabulary.TimeShift(20), Vocabulary.NoteOff(60)];
        // 120 steps x 1.1 = 132 = 100 + 32
        Assert.Equal([Vocabulary.NoteOn(60), Vocabulary.TimeShift(100), Vocabulary.TimeShift(32), Vocabulary.NoteOff(60)], Augmentation.StretchTokens(tokens, 1.1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Augmentation.StretchTokens(tokens, 0));
    }

    [Fact]
    public void Stretching_tokens_by_two_doubles_every_time_shift_total()
    {
        var tokens = _tokenizer.Encode([new Note(60, 64, 0, 0.3), new Note(62, 64, 0.4, 0.9)]);

        var slower = Augmentation.StretchTokens(tokens, 2);

        Assert.Equal(2 * TotalSteps(tokens), TotalSteps(slower));
        Assert.Equal(tokens.Where(Vocabulary.IsNoteOn), slower.Where(Vocabulary.IsNoteOn));
    }

    private static int TotalSteps(IEnumerable<int> tokens) => tokens.Where(Vocabulary.IsTimeShift).Sum(Vocabulary.StepsOf);
}
