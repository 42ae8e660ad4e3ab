using System.Buffers.Binary;
using System.IO.Compression;
using System.IO.Hashing;
using System.Text;

namespace EdgeMeta.Firmware.Devices.Display;

/// <summary>
/// Writes a frame as a PNG (RFC 2083 / ISO 15948): grayscale, 1 bit per pixel, each pixel drawn as a
/// <c>scale</c>×<c>scale</c> block, lit pixels white on black like the OLED. Hand-written because the format
/// at this size is a signature, three chunks (IHDR, IDAT with zlib data, IEND) and a CRC-32 each, which
/// System.IO.Compression and System.IO.Hashing already do; SkiaSharp would add an 11 MB native library to the box for it.
/// </summary>
public static class FramePng
{
    private static readonly byte[] Signature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>The PNG bytes of <paramref name="frame"/>.</summary>
    /// <param name="frame">The picture.</param>
    /// <param name="scale">Pixel size in the image, 1-16.</param>
    public static byte[] Encode(MonoFrame frame, int scale = 4)
    {
        ArgumentNullException.ThrowIfNull(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(scale, 16);
        int width = MonoFrame.Width * scale, height = MonoFrame.Height * scale, rowBytes = (width + 7) / 8;
        using var raw = new MemoryStream();
        var row = new byte[1 + rowBytes];   // filter byte 0 (None), then the packed pixels, most significant bit first
        for (var y = 0; y < height; y++)
        {
            Array.Clear(row);
            for (var x = 0; x < width; x++)
            {
                if (frame[x / scale, y / scale])
                {
                    row[1 + (x / 8)] |= (byte)(0x80 >> (x % 8));
                }
            }

            raw.Write(row);
        }

        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            zlib.Write(raw.GetBuffer(), 0, (int)raw.Length);
        }

        var header = new byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header.AsSpan(4), height);
        header[8] = 1;   // bit depth
        header[9] = 0;   // colour type: grayscale
        // compression 0 (deflate), filter method 0, no interlace
        using var png = new MemoryStream();
        png.Write(Signature);
        WriteChunk(png, "IHDR", header);
        WriteChunk(png, "IDAT", compressed.ToArray());
        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    /// <summary>Writes <paramref name="frame"/> to <paramref name="path"/> as a PNG.</summary>
    public static void Write(MonoFrame frame, string path, int scale = 4) => File.WriteAllBytes(path, Encode(frame, scale));

    private static void WriteChunk(Stream png, string type, byte[] data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        var typeBytes = Encoding.ASCII.GetBytes(type);
        png.Write(typeBytes);
        png.Write(data);
        var crc = new Crc32();   // over the type and the data, not the length (RFC 2083 §3.2)
        crc.Append(typeBytes);
        crc.Append(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, crc.GetCurrentHashAsUInt32());
        png.Write(word);
    }
}
