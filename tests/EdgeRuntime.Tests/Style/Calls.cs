using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

/// <summary>Performer calls written note by note for the style tests.</summary>
internal static class Calls
{
    private static readonly PerformanceTokenizer Tokenizer = new();

    /// <summary>A single line: each (pitch, length in grid steps) follows the last, legato, at <paramref name="velocity"/>.</summary>
    public static Phrase Line(double gridSeconds, int velocity, params (int Pitch, int Steps)[] notes)
    {
        var list = new List<Note>();
        var time = 0.0;
        foreach (var (pitch, steps) in notes)
        {
            var length = steps * gridSeconds;
            list.Add(new Note(pitch, velocity, time, time + length));
            time += length;
        }

        return new Phrase(Tokenizer.Encode(list));
    }

    /// <summary>Block chords of the given pitches, each held <paramref name="seconds"/>.</summary>
    public static Phrase Chords(double seconds, int velocity, params int[][] chords)
    {
        var list = new List<Note>();
        for (var i = 0; i < chords.Length; i++)
        {
            list.AddRange(chords[i].Select(p => new Note(p, velocity, i * seconds, (i + 1) * seconds)));
        }

        return new Phrase(Tokenizer.Encode(list));
    }

    /// <summary>A folk-like line on a triplet grid: three triplet eighths then a quarter, over a D major arpeggio, <paramref name="bars"/> times.</summary>
    public static Phrase Triplets(double beatSeconds, int bars, int octaveShift = 0)
    {
        var pitches = new[] { 62, 66, 69, 74, 71, 67, 64, 62 };
        var notes = new List<(int, int)>();
        for (var bar = 0; bar < bars; bar++)
        {
            for (var i = 0; i < 4; i++)
            {
                var pitch = pitches[((bar * 4) + i) % pitches.Length] + (12 * octaveShift);
                notes.Add((pitch, i < 3 ? 1 : 3));
            }
        }

        return Line(beatSeconds / 3, 80, [.. notes]);
    }

    /// <summary>
    /// A waltz: each bar a chord (G2 B2 D3) held for its three beats under a tune of three quarters (D5 B4 G4 ...),
    /// at <paramref name="velocity"/>, <paramref name="bars"/> times.
    /// </summary>
    public static Phrase Waltz(double beatSeconds, int bars, int velocity = 90)
    {
        var tune = new[] { 74, 71, 67, 76, 74, 72 };
        var list = new List<Note>();
        for (var bar = 0; bar < bars; bar++)
        {
            var start = bar * 3 * beatSeconds;
            list.AddRange(new[] { 43, 47, 50 }.Select(p => new Note(p, velocity, start, start + (3 * beatSeconds))));
            for (var beat = 0; beat < 3; beat++)
            {
                var onset = start + (beat * beatSeconds);
                list.Add(new Note(tune[((bar * 3) + beat) % tune.Length], velocity, onset, onset + beatSeconds));
            }
        }

        return new Phrase(Tokenizer.Encode(list));
    }

    /// <summary>A single line of quarters alternating an accent and a soft note (velocities <paramref name="loud"/>, <paramref name="soft"/>).</summary>
    public static Phrase Accents(double beatSeconds, int notes, int loud, int soft)
    {
        var list = new List<Note>();
        for (var i = 0; i < notes; i++)
        {
            list.Add(new Note(60 + (i % 5), i % 2 == 0 ? loud : soft, i * beatSeconds, (i + 1) * beatSeconds));
        }

        return new Phrase(Tokenizer.Encode(list));
    }
}
