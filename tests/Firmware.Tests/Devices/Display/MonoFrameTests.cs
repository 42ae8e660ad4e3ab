using EdgeMeta.Firmware.Devices.Display;

namespace EdgeMeta.Firmware.Tests.Devices.Display;

public sealed class MonoFrameTests
{
    [Fact]
    public void Pixels_map_to_gddram_pages_with_the_top_row_in_bit_zero()
    {
        var frame = new MonoFrame();
        frame[3, 0] = true;
        frame[3, 7] = true;
        frame[3, 8] = true;

        Assert.Equal(0x81, frame.Bytes[3]);
        Assert.Equal(0x01, frame.Bytes[128 + 3]);
        frame[3, 7] = false;
        Assert.Equal(0x01, frame.Bytes[3]);
    }

    [Fact]
    public void Drawing_outside_the_frame_is_clipped()
    {
        var frame = new MonoFrame();
        frame.Fill(-5, -5, 300, 300);
        frame[200, 200] = true;
        Assert.All(frame.Bytes.ToArray(), b => Assert.Equal(0xFF, b));
        Assert.False(frame[200, 200]);
    }

    [Fact]
    public void Text_draws_six_pixels_per_character_and_unknown_characters_as_a_question_mark()
    {
        var frame = new MonoFrame();
        var end = frame.Text(0, 0, "I");
        Assert.Equal(6, end);
        // The capital I of the font: a bar in the middle column, serifs top and bottom.
        Assert.True(frame[2, 0] && frame[2, 3] && frame[2, 6] && frame[1, 0] && frame[3, 6]);
        Assert.False(frame[0, 3] || frame[4, 3] || frame[5, 3]);

        var a = new MonoFrame();
        var b = new MonoFrame();
        a.Text(0, 0, "§");
        b.Text(0, 0, "?");
        Assert.Equal(b.Bytes.ToArray(), a.Bytes.ToArray());
        Assert.True(Font5x7.Has('x') && Font5x7.Has('7') && !Font5x7.Has('§'));
    }

    [Fact]
    public void Every_glyph_fits_seven_rows()
    {
        foreach (var c in " 0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ.,:-+/%!?'=<>()[]_#*")
        {
            Assert.True(Font5x7.Has(c), $"'{c}' missing");
            Assert.All(Font5x7.Glyph(c).ToArray(), column => Assert.Equal(0, column & 0x80));
        }
    }
}
