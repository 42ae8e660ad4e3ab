using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Tests.Adaptation;

/// <summary>
/// Two performers with clearly different habits, as token phrases:
/// A plays ascending C-major scale runs in the middle register, loud and staccato;
/// B plays low chromatic three-note clusters, soft and legato.
/// </summary>
internal static class SyntheticPerformers
{
    private static readonly int[] CMajor = [0, 2, 4, 5, 7, 9, 11];

    public static List<Phrase> ScalesStaccato(int seed, int count)
    {
        var random = new Random(seed);
        var phrases = new List<Phrase>();
        for (int n = 0; n < count; n++)
        {
            var tokens = new List<int>();
            int degree = random.Next(7);
            for (int i = 0; i < 8; i++)
            {
                int pitch = 60 + CMajor[(degree + i) % 7] + (12 * ((degree + i) / 7));
                tokens.Add(Vocabulary.Velocity(24 + random.Next(3)));
                tokens.Add(Vocabulary.NoteOn(pitch));
                tokens.Add(Vocabulary.TimeShift(6 + random.Next(3)));
                tokens.Add(Vocabulary.NoteOff(pitch));
                tokens.Add(Vocabulary.TimeShift(6 + random.Next(3)));
            }

            phrases.Add(new Phrase([.. tokens]));
        }

        return phrases;
    }

    public static List<Phrase> LowClustersLegato(int seed, int count)
    {
        var random = new Random(seed);
        var phrases = new List<Phrase>();
        for (int n = 0; n < count; n++)
        {
            var tokens = new List<int>();
            for (int chord = 0; chord < 5; chord++)
            {
                int root = 33 + random.Next(12);
                tokens.Add(Vocabulary.Velocity(8 + random.Next(3)));
                for (int k = 0; k < 3; k++)
                {
                    tokens.Add(Vocabulary.NoteOn(root + k));
                }

                tokens.Add(Vocabulary.TimeShift(70 + random.Next(30)));
                for (int k = 0; k < 3; k++)
                {
                    tokens.Add(Vocabulary.NoteOff(root + k));
                }
            }

            phrases.Add(new Phrase([.. tokens]));
        }

        return phrases;
    }
}
