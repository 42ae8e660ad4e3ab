namespace EdgeMeta.Firmware.Devices.Display;

/// <summary>
/// A 128×64 one-bit picture in the SSD1306's own memory layout (datasheet §8.7, "Graphic Display Data RAM"):
/// 8 pages of 128 bytes, each byte a column of 8 pixels with the least significant bit on top. The OLED, the
/// terminal simulator and the PNG all draw from this one buffer, so what the simulator shows is what the box shows.
/// </summary>
public sealed class MonoFrame
{
    public const int Width = 128;
    public const int Height = 64;
    public const int Pages = Height / 8;

    private readonly byte[] _bytes = new byte[Width * Pages];

    /// <summary>The raw GDDRAM bytes, page 0 column 0 first (1024 bytes).</summary>
    public ReadOnlySpan<byte> Bytes => _bytes;

    /// <summary>Whether pixel (x, y) is lit; false outside the frame.</summary>
    public bool this[int x, int y]
    {
        get => x is >= 0 and < Width && y is >= 0 and < Height && (_bytes[(y / 8 * Width) + x] & (1 << (y % 8))) != 0;
        set
        {
            if (x is < 0 or >= Width || y is < 0 or >= Height)
            {
                return;
            }

            ref var b = ref _bytes[(y / 8 * Width) + x];
            b = value ? (byte)(b | (1 << (y % 8))) : (byte)(b & ~(1 << (y % 8)));
        }
    }

    /// <summary>Turns every pixel off.</summary>
    public void Clear() => Array.Clear(_bytes);

    /// <summary>Lights (or clears) a filled rectangle, clipped to the frame.</summary>
    public void Fill(int x, int y, int width, int height, bool lit = true)
    {
        for (var yy = y; yy < y + height; yy++)
        {
            for (var xx = x; xx < x + width; xx++)
            {
                this[xx, yy] = lit;
            }
        }
    }

    /// <summary>Inverts a rectangle (a highlighted menu line).</summary>
    public void Invert(int x, int y, int width, int height)
    {
        for (var yy = y; yy < y + height; yy++)
        {
            for (var xx = x; xx < x + width; xx++)
            {
                this[xx, yy] = !this[xx, yy];
            }
        }
    }

    /// <summary>An outline rectangle.</summary>
    public void Box(int x, int y, int width, int height)
    {
        Fill(x, y, width, 1);
        Fill(x, y + height - 1, width, 1);
        Fill(x, y, 1, height);
        Fill(x + width - 1, y, 1, height);
    }

    /// <summary>Draws <paramref name="text"/> in the 5×7 font (6 pixels per character, so 21 per line); returns the x after it.</summary>
    public int Text(int x, int y, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var c in text)
        {
            var glyph = Font5x7.Glyph(c);
            for (var col = 0; col < 5; col++)
            {
                for (var row = 0; row < 7; row++)
                {
                    if ((glyph[col] & (1 << row)) != 0)
                    {
                        this[x + col, y + row] = true;
                    }
                }
            }

            x += 6;
        }

        return x;
    }

    /// <summary>A copy of the frame.</summary>
    public MonoFrame Clone()
    {
        var copy = new MonoFrame();
        _bytes.CopyTo(copy._bytes, 0);
        return copy;
    }
}
