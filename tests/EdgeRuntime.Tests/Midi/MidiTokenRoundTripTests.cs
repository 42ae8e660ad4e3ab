using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;
using static EdgeMeta.EdgeRuntime.Tests.Midi.MidiBytes;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>
/// The round trip: file → notes → events → notes → file, for generated fixtures, equal within the
/// quantisation (10 ms time grid plus tick rounding, same velocity bin).
/// </summary>
public sealed class MidiTokenRoundTripTests
{
    // Half a 10 ms step from the tokenizer plus up to one tick (about 1 ms at 480 ticks per quarter, 120 bpm) from the writer.
    private const double TimeTolerance = 0.005 + 0.0011;

    public static TheoryData<string, byte[]> Fixtures => new()
    {
        { "single note", File(0, 96, [0x00, 0x90, 0x3C, 0x50, 0x60, 0x80, 0x3C, 0x00, .. EndOfTrack]) },
        { "chord", File(0, 96, [0x00, 0x90, 0x3C, 0x50, 0x00, 0x90, 0x40, 0x48, 0x00, 0x90, 0x43, 0x40, 0x81, 0x40, 0x80, 0x3C, 0x00, 0x00, 0x80, 0x40, 0x00, 0x00, 0x80, 0x43, 0x00, .. EndOfTrack]) },
        { "overlapping notes of one key", File(0, 96, [0x00, 0x90, 0x3C, 0x50, 0x30, 0x90, 0x3C, 0x70, 0x30, 0x80, 0x3C, 0x00, 0x30, 0x80, 0x3C, 0x00, .. EndOfTrack]) },
        { "long rests", File(0, 96, [0x00, 0x90, 0x3C, 0x50, 0x30, 0x80, 0x3C, 0x00, 0x84, 0x40, 0x90, 0x3E, 0x20, 0x30, 0x80, 0x3E, 0x00, .. EndOfTrack]) },
        {
            "tempo changes",
            File(
                1,
                480,
                [0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x83, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, 0x83, 0x60, 0xFF, 0x51, 0x03, 0x03, 0xD0, 0x90, .. EndOfTrack],
                [0x00, 0x90, 0x3C, 0x50, 0x83, 0x60, 0x80, 0x3C, 0x00, 0x00, 0x90, 0x3E, 0x50, 0x83, 0x60, 0x80, 0x3E, 0x00, 0x00, 0x90, 0x40, 0x50, 0x83, 0x60, 0x80, 0x40, 0x00, .. EndOfTrack])
        },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public void File_to_notes_to_events_to_notes_to_file_keeps_the_notes_within_quantisation(string fixture, byte[] bytes)
    {
        var tokenizer = new PerformanceTokenizer();
        var original = Read(bytes).ToNotes();
        Assert.NotEmpty(original);

        var tokens = tokenizer.Encode(original, originSeconds: 0);
        var decoded = tokenizer.Decode(tokens, startSeconds: 0);
        var back = Read(MidiFile.FromNotes(decoded).ToBytes()).ToNotes();

        Assert.True(original.Count == back.Count, $"{fixture}: {original.Count} notes became {back.Count}");
        foreach (var (a, b) in original.Zip(back))
        {
            Assert.Equal(a.Pitch, b.Pitch);
            Assert.Equal(Vocabulary.BinOfVelocity(a.Velocity), Vocabulary.BinOfVelocity(b.Velocity));
            Assert.InRange(b.Start, a.Start - TimeTolerance, a.Start + TimeTolerance);
            Assert.InRange(b.End, a.End - TimeTolerance, a.End + TimeTolerance);
        }
    }
}
