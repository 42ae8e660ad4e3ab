using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Tests;

/// <summary>
/// A task distribution built in code: each task is a random scale (root + mode) played in a random rhythm
/// (a fixed repeating pattern of durations); its phrases are runs of that scale. Within a task the phrases
/// share pitch set and rhythm, so a few support phrases tell a learner a lot about the query.
/// </summary>
internal static class SyntheticTasks
{
    private static readonly int[][] Modes = [[0, 2, 4, 5, 7, 9, 11], [0, 2, 3, 5, 7, 8, 10], [0, 2, 4, 7, 9], [0, 3, 5, 7, 10]];

    public static IReadOnlyList<MusicTask> Create(int count, int seed, int phrasesPerTask = 6, int notesPerPhrase = 8, string family = "synthetic")
    {
        var random = new Random(seed);
        var tasks = new List<MusicTask>();
        for (var i = 0; i < count; i++)
        {
            var root = 48 + random.Next(12);
            var mode = Modes[random.Next(Modes.Length)];
            int[] rhythm = [1 + random.Next(40), 1 + random.Next(40)];
            var velocity = Vocabulary.Velocity(8 + random.Next(20));
            var phrases = new List<Phrase>();
            for (var p = 0; p < phrasesPerTask; p++)
            {
                var tokens = new List<int> { velocity };
                var degree = random.Next(mode.Length);
                for (var n = 0; n < notesPerPhrase; n++)
                {
                    var pitch = root + mode[degree % mode.Length] + 12 * (degree / mode.Length);
                    tokens.Add(Vocabulary.NoteOn(pitch));
                    tokens.Add(Vocabulary.TimeShift(rhythm[n % 2]));
                    tokens.Add(Vocabulary.NoteOff(pitch));
                    degree = (degree + 1) % (2 * mode.Length);
                }

                phrases.Add(new Phrase([.. tokens]));
            }

            tasks.Add(new MusicTask(family + (i % 2), $"task{i:D3}", phrases));
        }

        return tasks;
    }
}
