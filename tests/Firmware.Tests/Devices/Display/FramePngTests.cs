using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;
using EdgeMeta.Firmware.Devices.Display;

namespace EdgeMeta.Firmware.Tests.Devices.Display;

/// <summary>Reads the PNG back chunk by chunk (RFC 2083): valid CRCs, a 1-bit grayscale header, and the pixels.</summary>
public sealed class FramePngTests
{
    [Fact]
    public void The_png_holds_the_frame_scaled_with_valid_chunks()
    {
        var frame = new MonoFrame();
        frame[0, 0] = true;
        frame[127, 63] = true;
        frame[10, 20] = true;

        var png = FramePng.Encode(frame, scale: 2);

        Assert.Equal([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        var chunks = Chunks(png);
        Assert.Equal(["IHDR", "IDAT", "IEND"], chunks.Select(c => c.Type));
        var header = chunks[0].Data;
        Assert.Equal((256, 128, (byte)1, (byte)0), (BinaryPrimitives.ReadInt32BigEndian(header), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(4)), header[8], header[9]));

        using var zlib = new ZLibStream(new MemoryStream(chunks[1].Data), CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        const int stride = 1 + (256 / 8);
        Assert.Equal(128 * stride, rows.Length);
        bool Pixel(int x, int y) => (rows[(y * stride) + 1 + (x / 8)] & (0x80 >> (x % 8))) != 0;
        var lit = Enumerable.Range(0, 128).SelectMany(y => Enumerable.Range(0, 256).Where(x => Pixel(x, y)).Select(x => (x, y))).ToList();
        Assert.Equal(12, lit.Count);   // 3 pixels, 2x2 each
        Assert.True(Pixel(0, 0) && Pixel(1, 1) && Pixel(255, 127) && Pixel(20, 40) && Pixel(21, 41));
        Assert.All(Enumerable.Range(0, 128), y => Assert.Equal(0, rows[y * stride]));   // filter None on every row
    }

    private static List<(string Type, byte[] Data)> Chunks(byte[] png)
    {
        var chunks = new List<(string, byte[])>();
        for (var at = 8; at < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(at));
            var typeAndData = png.AsSpan(at + 4, 4 + length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(at + 8 + length));
            Assert.Equal(Crc32.HashToUInt32(typeAndData), crc);
            chunks.Add((Encoding.ASCII.GetString(typeAndData[..4]), typeAndData[4..].ToArray()));
            at += 12 + length;
        }

        return chunks;
    }
}
