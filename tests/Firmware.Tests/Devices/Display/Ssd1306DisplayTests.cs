using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Devices.Display;

/// <summary>
/// The bytes on the I²C bus, checked against the SSD1306 datasheet (Solomon Systech, Rev 1.1): §8.1.5.2 for the
/// control byte (0x00 commands, 0x40 data), §9 "Command Table" and §10 for each command's opcode and operands,
/// §8.7 for the GDDRAM layout (page = 8 rows, LSB on top).
/// </summary>
public sealed class Ssd1306DisplayTests
{
    [Fact]
    public void Power_on_sends_the_128x64_init_sequence_of_the_datasheet()
    {
        var bus = new FakeI2cDevice();
        using var display = new Ssd1306Display(bus, contrast: 0x8F, shouldDispose: false);

        byte[][] expected =
        [
            [0x00, 0xAE],         // display off (§10.1.12)
            [0x00, 0xD5, 0x80],   // clock divide ratio 1, oscillator 8 (§10.1.16)
            [0x00, 0xA8, 0x3F],   // multiplex ratio 64 (§10.1.11): the full panel, not 0x1F (32 rows)
            [0x00, 0xD3, 0x00],   // display offset 0 (§10.1.15)
            [0x00, 0x40],         // start line 0 (§10.1.6)
            [0x00, 0x8D, 0x14],   // charge pump on (application note, charge pump command table)
            [0x00, 0x20, 0x00],   // horizontal addressing (§10.1.3)
            [0x00, 0xA1],         // segment remap, column 127 = SEG0 (§10.1.8)
            [0x00, 0xC8],         // COM scan remapped (§10.1.14)
            [0x00, 0xDA, 0x12],   // COM pins alternative, the 128x64 wiring, not 0x02 (§10.1.18)
            [0x00, 0x81, 0x8F],   // contrast from the config (§10.1.7)
            [0x00, 0xD9, 0xF1],   // pre-charge 1 / 15 DCLK (§10.1.17)
            [0x00, 0xDB, 0x20],   // VCOMH 0.77 VCC (§10.1.19)
            [0x00, 0xA4],         // follow RAM (§10.1.9)
            [0x00, 0xA6],         // normal display (§10.1.10)
            [0x00, 0xAF],         // display on (§10.1.12)
        ];
        Assert.Equal(expected, bus.Writes);
    }

    [Fact]
    public void A_frame_is_the_address_window_then_eight_pages_of_column_bytes()
    {
        var bus = new FakeI2cDevice();
        using var display = new Ssd1306Display(bus, shouldDispose: false);
        bus.Writes.Clear();
        var frame = new MonoFrame();
        frame[0, 0] = true;      // page 0, column 0, bit 0
        frame[5, 9] = true;      // page 1, column 5, bit 1
        frame[127, 63] = true;   // page 7, column 127, bit 7
        frame[127, 62] = true;   // page 7, column 127, bit 6

        display.Show(frame);

        Assert.Equal(10, bus.Writes.Count);
        Assert.Equal([0x00, 0x21, 0x00, 0x7F], bus.Writes[0]);   // columns 0-127 (§10.1.4)
        Assert.Equal([0x00, 0x22, 0x00, 0x07], bus.Writes[1]);   // pages 0-7 (§10.1.5)
        var pages = bus.Writes.Skip(2).ToList();
        Assert.All(pages, p => Assert.Equal((129, (byte)0x40), (p.Length, p[0])));
        Assert.Equal(0x01, pages[0][1 + 0]);
        Assert.Equal(0x02, pages[1][1 + 5]);
        Assert.Equal(0xC0, pages[7][1 + 127]);
        Assert.Equal(4, pages.Sum(p => p.Skip(1).Sum(b => System.Numerics.BitOperations.PopCount(b))));
    }

    [Fact]
    public void Closing_puts_the_panel_to_sleep()
    {
        var bus = new FakeI2cDevice();
        var display = new Ssd1306Display(bus);
        display.Dispose();
        Assert.Equal([0x00, 0xAE], bus.Writes[^1]);
        Assert.True(bus.Disposed);
    }
}
