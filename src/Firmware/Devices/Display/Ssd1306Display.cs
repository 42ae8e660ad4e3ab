using System.Device.I2c;
using Iot.Device.Ssd13xx.Commands;
using Ssd1306Commands = Iot.Device.Ssd13xx.Commands.Ssd1306Commands;

namespace EdgeMeta.Firmware.Devices.Display;

/// <summary>
/// An SSD1306 128×64 OLED over I²C. The command bytes come from Iot.Device.Bindings' Ssd13xx command types; the
/// sequence and the frame transfer are this class's, because the binding's own <c>Ssd1306</c> (4.2.0) initialises
/// a 128×32 panel (multiplex 0x1F, COM pins 0x02) whatever height it is given, and draws only through a
/// <c>BitmapImage</c> factory (a SkiaSharp adapter this registry does not serve).
/// </summary>
/// <remarks>
/// I²C framing (datasheet §8.1.5.2): after the address, a control byte: 0x00 = the rest are commands, 0x40 = the
/// rest are display data. Values from the command table (SSD1306 datasheet Rev 1.1, §9 "Command Table", and §10
/// "Command Descriptions"), in the order of the application note's software initialisation flow:
/// <code>
/// AE        display off (sleep)                         §10.1.12
/// D5 80     clock: divide ratio 1, oscillator freq 8    §10.1.16 (reset value)
/// A8 3F     multiplex ratio 64 (rows 0-63)              §10.1.11
/// D3 00     display offset 0                            §10.1.15
/// 40        display start line 0                        §10.1.6
/// 8D 14     charge pump on (internal VCC)               charge pump setting, application note
/// 20 00     horizontal addressing mode                  §10.1.3
/// A1        segment remap: column 127 is SEG0           §10.1.8
/// C8        COM scan from COM[N-1] to COM0              §10.1.14
/// DA 12     COM pins: alternative, no left/right remap  §10.1.18 (128×64 panels)
/// 81 nn     contrast nn (from the config, 0xCF default) §10.1.7
/// D9 F1     pre-charge: phase 1 = 1, phase 2 = 15 DCLK  §10.1.17 (internal charge pump)
/// DB 20     VCOMH deselect ~0.77 VCC                    §10.1.19 (reset value)
/// A4        display follows RAM                         §10.1.9
/// A6        normal (not inverted)                       §10.1.10
/// AF        display on                                  §10.1.12
/// </code>
/// A frame: 21 00 7F (columns 0-127, §10.1.4), 22 00 07 (pages 0-7, §10.1.5), then 1024 data bytes in horizontal
/// addressing order, sent one page (128 bytes) per I²C write.
/// </remarks>
public sealed class Ssd1306Display : IFrameSink, IDisposable
{
    private const byte CommandControl = 0x00;
    private const byte DataControl = 0x40;
    private readonly I2cDevice _device;
    private readonly bool _shouldDispose;
    private readonly byte[] _page = new byte[1 + MonoFrame.Width];

    /// <param name="device">The display on its bus and address.</param>
    /// <param name="contrast">Contrast 0-255.</param>
    /// <param name="shouldDispose">Dispose <paramref name="device"/> with this display.</param>
    /// <exception cref="IOException">Nothing answers at the address (no display, wrong address, I²C not enabled).</exception>
    public Ssd1306Display(I2cDevice device, byte contrast = 0xCF, bool shouldDispose = true)
    {
        ArgumentNullException.ThrowIfNull(device);
        _device = device;
        _shouldDispose = shouldDispose;
        foreach (var command in InitSequence(contrast))
        {
            Send(command);
        }
    }

    /// <summary>The power-on commands for a 128×64 panel on the internal charge pump (see the remarks for each byte).</summary>
    public static IReadOnlyList<ICommand> InitSequence(byte contrast) =>
    [
        new SetDisplayOff(),
        new Ssd1306Commands.SetDisplayClockDivideRatioOscillatorFrequency(0x00, 0x08),
        new SetMultiplexRatio(MonoFrame.Height - 1),
        new Ssd1306Commands.SetDisplayOffset(0),
        new Ssd1306Commands.SetDisplayStartLine(0),
        new Ssd1306Commands.SetChargePump(true),
        new Ssd1306Commands.SetMemoryAddressingMode(Ssd1306Commands.SetMemoryAddressingMode.AddressingMode.Horizontal),
        new Ssd1306Commands.SetSegmentReMap(true),
        new Ssd1306Commands.SetComOutputScanDirection(false),
        new Ssd1306Commands.SetComPinsHardwareConfiguration(true, false),
        new SetContrastControlForBank0(contrast),
        new Ssd1306Commands.SetPreChargePeriod(0x01, 0x0F),
        new Ssd1306Commands.SetVcomhDeselectLevel(Ssd1306Commands.SetVcomhDeselectLevel.DeselectLevel.Vcc0_77),
        new Ssd1306Commands.EntireDisplayOn(false),
        new Ssd1306Commands.SetNormalDisplay(),
        new SetDisplayOn(),
    ];

    public void Show(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        Send(new Ssd1306Commands.SetColumnAddress(0, MonoFrame.Width - 1));
        Send(new Ssd1306Commands.SetPageAddress(Ssd1306Commands.PageAddress.Page0, Ssd1306Commands.PageAddress.Page7));
        _page[0] = DataControl;
        for (var page = 0; page < MonoFrame.Pages; page++)
        {
            frame.Bytes.Slice(page * MonoFrame.Width, MonoFrame.Width).CopyTo(_page.AsSpan(1));
            _device.Write(_page);
        }
    }

    /// <summary>Blanks the panel and puts it to sleep, then releases the bus.</summary>
    public void Dispose()
    {
        try
        {
            Send(new SetDisplayOff());
        }
        catch (IOException)
        {
            // The display went away; nothing left to switch off.
        }

        if (_shouldDispose)
        {
            _device.Dispose();
        }
    }

    private void Send(ICommand command)
    {
        var bytes = command.GetBytes();
        Span<byte> buffer = stackalloc byte[1 + bytes.Length];
        buffer[0] = CommandControl;
        bytes.CopyTo(buffer[1..]);
        _device.Write(buffer);
    }
}
