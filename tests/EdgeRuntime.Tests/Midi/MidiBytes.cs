using System.Buffers.Binary;
using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>
/// Hand-assembles SMF bytes for tests. Layout of a file built here: MThd at offset 0 (14 bytes), the first
/// MTrk header at offset 14, the first track body at offset 22.
/// </summary>
internal static class MidiBytes
{
    public const int FirstTrackBody = 22;

    public static readonly byte[] EndOfTrack = [0x00, 0xFF, 0x2F, 0x00];

    public static byte[] Header(int format, int tracks, int division) =>
        [.. "MThd"u8, 0, 0, 0, 6, (byte)(format >> 8), (byte)format, (byte)(tracks >> 8), (byte)tracks, (byte)(division >> 8), (byte)division];

    public static byte[] Chunk(string id, byte[] body, uint? declaredLength = null)
    {
        var bytes = new byte[8 + body.Length];
        System.Text.Encoding.ASCII.GetBytes(id, bytes);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), declaredLength ?? (uint)body.Length);
        body.CopyTo(bytes, 8);
        return bytes;
    }

    public static byte[] Track(params byte[][] events) => Chunk("MTrk", [.. events.SelectMany(e => e)]);

    /// <summary>A file of the given format whose tracks have the given bodies (each with its End of Track).</summary>
    public static byte[] File(int format, int division, params byte[][] trackBodies) =>
        [.. Header(format, trackBodies.Length, division), .. trackBodies.SelectMany(body => Chunk("MTrk", body))];

    public static MidiFile Read(byte[] bytes, MidiReadSettings? settings = null) =>
        MidiFile.Read(new MemoryStream(bytes), "test.mid", settings);
}
