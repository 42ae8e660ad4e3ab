using EdgeMeta.EdgeRuntime.Midi;
using static EdgeMeta.EdgeRuntime.Tests.Midi.MidiBytes;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>
/// Mutated files must either read or fail with <see cref="MidiFormatException"/>: never another exception,
/// never a hang. Each read runs in a task with a time bound.
/// </summary>
public sealed class MidiFuzzTests
{
    private const int Mutants = 1000;
    private static readonly TimeSpan PerFileBound = TimeSpan.FromSeconds(2);

    [Fact]
    public async Task A_thousand_mutated_files_read_or_fail_with_MidiFormatException_in_bounded_time()
    {
        var original = SeedFile();
        var random = new Random(20240611);
        var (read, failed) = (0, 0);
        for (var i = 0; i < Mutants; i++)
        {
            var mutant = Mutate(original, random);
            foreach (var settings in new[] { MidiReadSettings.Strict, MidiReadSettings.Lenient })
            {
                var outcome = await Task.Run(() => TryRead(mutant, settings)).WaitAsync(PerFileBound);
                Assert.True(outcome is null or MidiFormatException, $"mutant {i}: {outcome}");
                if (outcome is null)
                {
                    read++;
                }
                else
                {
                    failed++;
                }
            }
        }

        // Both outcomes must occur, or the mutations are too weak (or too strong) to test anything.
        Assert.InRange(read, 1, 2 * Mutants - 1);
        Assert.InRange(failed, 1, 2 * Mutants - 1);
    }

    private static Exception? TryRead(byte[] bytes, MidiReadSettings settings)
    {
        try
        {
            var file = Read(bytes, settings);
            _ = MidiFileStatistics.Of(file);
            _ = file.ToBytes();
            return null;
        }
        catch (Exception ex)
        {
            return ex;
        }
    }

    private static byte[] Mutate(byte[] original, Random random)
    {
        var bytes = new List<byte>(original);
        var edits = random.Next(1, 4);
        for (var e = 0; e < edits && bytes.Count > 0; e++)
        {
            switch (random.Next(4))
            {
                case 0: // bit flips
                    for (var f = random.Next(1, 9); f > 0; f--)
                    {
                        var at = random.Next(bytes.Count);
                        bytes[at] ^= (byte)(1 << random.Next(8));
                    }

                    break;
                case 1: // truncation
                    bytes = bytes.Take(random.Next(bytes.Count)).ToList();
                    break;
                case 2: // inserted bytes
                    var insert = new byte[random.Next(1, 16)];
                    random.NextBytes(insert);
                    bytes.InsertRange(random.Next(bytes.Count + 1), insert);
                    break;
                default: // huge lengths: a big 32-bit or variable-length value over four bytes
                    byte[] huge = random.Next(2) == 0 ? [0x7F, 0xFF, 0xFF, 0xFF] : [0xFF, 0xFF, 0xFF, 0x7F];
                    var start = random.Next(Math.Max(1, bytes.Count - 3));
                    for (var k = 0; k < 4 && start + k < bytes.Count; k++)
                    {
                        bytes[start + k] = huge[k];
                    }

                    break;
            }
        }

        return [.. bytes];
    }

    /// <summary>A format-1 file using every kind of event the reader decodes, so mutations reach every path.</summary>
    private static byte[] SeedFile()
    {
        byte[] conductor =
        [
            0x00, 0xFF, 0x03, 0x05, (byte)'T', (byte)'e', (byte)'m', (byte)'p', (byte)'o',
            0x00, 0xFF, 0x51, 0x03, 0x07, 0xA1, 0x20, 0x00, 0xFF, 0x58, 0x04, 0x03, 0x02, 0x18, 0x08,
            0x00, 0xFF, 0x59, 0x02, 0x01, 0x00, 0x83, 0x60, 0xFF, 0x51, 0x03, 0x0F, 0x42, 0x40, .. EndOfTrack,
        ];
        byte[] music =
        [
            0x00, 0xF0, 0x05, 0x7E, 0x7F, 0x09, 0x01, 0xF7, 0x00, 0xC0, 0x18, 0x00, 0xB0, 0x07, 0x64,
            0x00, 0x90, 0x3C, 0x50, 0x00, 0x40, 0x50, 0x81, 0x70, 0x3C, 0x00, 0x00, 0x40, 0x00,
            0x00, 0xE0, 0x00, 0x48, 0x10, 0xF7, 0x01, 0xF8, 0x00, 0xA0, 0x43, 0x20, 0x00, 0xD0, 0x30,
            0x00, 0x91, 0x43, 0x60, 0x83, 0x60, 0x81, 0x43, 0x00, 0x00, 0xFF, 0x06, 0x01, (byte)'X', .. EndOfTrack,
        ];
        return [.. Header(1, 3, 480), .. Chunk("MTrk", conductor), .. Chunk("XUNK", [1, 2, 3]), .. Chunk("MTrk", music), .. Chunk("MTrk", [.. EndOfTrack])];
    }
}
