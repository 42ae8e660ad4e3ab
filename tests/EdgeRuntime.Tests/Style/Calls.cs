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
}
