using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.Trainer.Examples;

/// <summary>
/// Three performers in clearly different styles. Each plays six phrases separated by rests
/// longer than the phrase segmenter's threshold (0.6 s), so the files cut into phrases the way a
/// performer's pauses would. Pitches and rhythms are written out here by hand; the random source
/// only adds small timing and velocity nuances so the playing is not machine-exact.
/// </summary>
public static class ExamplePerformers
{
    /// <summary>Rest between phrases in seconds: clearly above the 0.6 s phrase threshold.</summary>
    private const double PhraseGap = 1.0;

    public static IReadOnlyList<PerformerStyle> All { get; } =
    [
        new("folk-jig", "A fiddler's jig in D major: running eighth notes in 6/8, accents on the dotted-quarter beats, high register.", FolkJig),
        new("blues-riff", "A slow blues in A: swung eighths on the minor pentatonic with the flat fifth, low-middle register, heavy attacks.", BluesRiff),
        new("chorale", "A four-voice chorale in C: block chords in half notes, soft and even, every phrase ending on a held cadence chord.", Chorale),
    ];

    // Jig: 6/8 at dotted quarter = 116 bpm, each eighth = 60/116/3 s.
    private static IReadOnlyList<Note> FolkJig(Random random)
    {
        int[][] phrases =
        [
            [74, 73, 71, 69, 71, 73, 74, 76, 78, 76, 74, 73, 71, 69, 67, 66, 67, 69, 71, 69, 67, 66, 64, 62],
            [66, 69, 74, 74, 73, 74, 76, 74, 73, 71, 69, 67, 66, 69, 74, 78, 76, 74, 73, 71, 73, 74, 74, 74],
            [78, 79, 81, 79, 78, 76, 74, 76, 78, 76, 74, 73, 71, 73, 74, 73, 71, 69, 67, 69, 71, 73, 74, 74],
            [69, 71, 73, 74, 73, 71, 69, 66, 69, 74, 73, 74, 76, 78, 76, 74, 73, 71, 69, 67, 66, 64, 62, 62],
            [74, 76, 78, 81, 78, 76, 74, 73, 71, 69, 71, 73, 74, 73, 74, 76, 74, 73, 71, 69, 67, 66, 67, 69],
            [71, 69, 67, 66, 67, 69, 71, 73, 74, 76, 78, 79, 81, 78, 76, 74, 73, 71, 69, 73, 74, 74, 74, 74],
        ];
        double eighth = 60.0 / 116 / 3;
        var notes = new List<Note>();
        double time = 0;
        foreach (int[] phrase in phrases)
        {
            for (int i = 0; i < phrase.Length; i++)
            {
                bool accent = i % 3 == 0;
                int velocity = (accent ? 92 : 70) + random.Next(-6, 7);
                double onset = Math.Max(0, time + i * eighth + Jitter(random, 0.006));
                // Fiddlers play jigs detached: about 80 % of the eighth sounds.
                notes.Add(new Note(phrase[i], velocity, onset, onset + eighth * 0.8));
            }

            time += phrase.Length * eighth + PhraseGap;
        }

        return notes;
    }

    // Blues: 4/4 at 72 bpm with a 2:1 swing; each riff is a list of (pitch, length in swung eighths).
    private static IReadOnlyList<Note> BluesRiff(Random random)
    {
        (int Pitch, int Eighths)[][] riffs =
        [
            [(45, 2), (48, 1), (50, 1), (51, 1), (52, 3), (55, 1), (52, 1), (50, 2), (45, 4)],
            [(57, 1), (55, 1), (52, 2), (51, 1), (50, 1), (48, 2), (45, 1), (48, 1), (45, 4)],
            [(52, 1), (55, 1), (57, 2), (60, 1), (57, 1), (55, 1), (52, 1), (51, 1), (50, 1), (48, 2), (45, 4)],
            [(45, 1), (45, 1), (48, 1), (50, 1), (51, 2), (50, 1), (48, 1), (45, 2), (43, 2), (45, 4)],
            [(60, 2), (57, 1), (55, 1), (57, 1), (55, 1), (52, 2), (51, 1), (50, 1), (48, 1), (45, 5)],
            [(50, 1), (51, 1), (52, 2), (52, 1), (55, 1), (57, 2), (55, 1), (52, 1), (45, 6)],
        ];
        double beat = 60.0 / 72;
        var notes = new List<Note>();
        double time = 0;
        foreach (var riff in riffs)
        {
            int eighthIndex = 0;
            foreach (var (pitch, eighths) in riff)
            {
                double onset = Math.Max(0, time + SwungTime(eighthIndex, beat) + Jitter(random, 0.010));
                double end = time + SwungTime(eighthIndex + eighths, beat) - 0.02;
                int velocity = 100 + random.Next(-10, 11) - (eighthIndex % 2 == 1 ? 12 : 0);
                notes.Add(new Note(pitch, Math.Clamp(velocity, 1, 127), onset, end));
                eighthIndex += eighths;
            }

            time += SwungTime(eighthIndex, beat) + PhraseGap;
        }

        return notes;
    }

    // Swung eighths: the on-beat eighth takes 2/3 of the beat, the off-beat 1/3.
    private static double SwungTime(int eighthIndex, double beat) =>
        eighthIndex / 2 * beat + (eighthIndex % 2 == 1 ? beat * 2.0 / 3.0 : 0);

    // Chorale: half notes at 60 bpm, four voices (S, A, T, B) per chord, last chord of each phrase held twice as long.
    private static IReadOnlyList<Note> Chorale(Random random)
    {
        int[][][] phrases =
        [
            [[72, 67, 64, 48], [74, 67, 62, 55], [76, 67, 60, 52], [74, 65, 62, 53], [72, 67, 64, 48]],
            [[76, 72, 67, 48], [77, 72, 69, 53], [79, 71, 67, 55], [77, 71, 62, 55], [76, 72, 67, 48]],
            [[72, 69, 64, 57], [71, 67, 62, 55], [72, 69, 65, 53], [74, 67, 65, 55], [72, 67, 64, 48]],
            [[67, 64, 60, 48], [69, 65, 60, 53], [71, 67, 62, 55], [72, 67, 64, 52], [71, 67, 62, 55]],
            [[79, 76, 72, 48], [77, 74, 69, 50], [76, 72, 67, 52], [74, 71, 65, 55], [72, 67, 64, 48]],
            [[72, 64, 55, 48], [72, 65, 57, 53], [71, 67, 62, 55], [71, 65, 62, 55], [72, 64, 55, 48]],
        ];
        double half = 2.0;
        var notes = new List<Note>();
        double time = 0;
        foreach (int[][] phrase in phrases)
        {
            for (int c = 0; c < phrase.Length; c++)
            {
                double length = c == phrase.Length - 1 ? half * 2 : half;
                foreach (int pitch in phrase[c])
                {
                    double onset = Math.Max(0, time + Jitter(random, 0.008));
                    notes.Add(new Note(pitch, 56 + random.Next(-4, 5), onset, time + length - 0.05));
                }

                time += length;
            }

            time += PhraseGap;
        }

        return notes;
    }

    // Symmetric timing nuance in [-seconds, +seconds].
    private static double Jitter(Random random, double seconds) => (random.NextDouble() * 2 - 1) * seconds;
}
