using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Tests.Evaluation;

/// <summary>Small hand-made phrases and tasks for the evaluation tests.</summary>
internal static class SyntheticTasks
{
    /// <summary>A monophonic line: VELOCITY, then per pitch NOTE_ON, TIME_SHIFT(steps), NOTE_OFF.</summary>
    public static Phrase Line(int[] pitches, int steps = 25, int velocityBin = 20)
    {
        var tokens = new List<int> { Vocabulary.Velocity(velocityBin) };
        foreach (var pitch in pitches)
        {
            tokens.Add(Vocabulary.NoteOn(pitch));
            tokens.Add(Vocabulary.TimeShift(steps));
            tokens.Add(Vocabulary.NoteOff(pitch));
        }

        return new Phrase(tokens.ToArray());
    }

    /// <summary>Block chords, each held for half a second.</summary>
    public static Phrase Chords(params int[][] chords)
    {
        const int steps = 50;
        var tokens = new List<int> { Vocabulary.Velocity(16) };
        foreach (var chord in chords)
        {
            tokens.AddRange(chord.Select(Vocabulary.NoteOn));
            tokens.Add(Vocabulary.TimeShift(steps));
            tokens.AddRange(chord.Select(Vocabulary.NoteOff));
        }

        return new Phrase(tokens.ToArray());
    }

    /// <summary>A task whose phrases all repeat one riff, transposed by <paramref name="transpose"/>.</summary>
    public static MusicTask Riff(string family, string name, int phrases, int transpose = 0) =>
        new(family, name, Enumerable.Range(0, phrases).Select(_ => Line([60 + transpose, 64 + transpose, 67 + transpose, 64 + transpose])).ToArray());
}
