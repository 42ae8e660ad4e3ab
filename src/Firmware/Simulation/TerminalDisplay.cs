using System.Text;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Devices.Leds;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace EdgeMeta.Firmware.Simulation;

/// <summary>
/// The simulated front panel in a terminal: the OLED frame drawn with half-block characters (two pixel rows per
/// text row, 128×32 cells), the three LEDs, the last log lines and the key help, as one Spectre.Console renderable.
/// </summary>
public static class TerminalDisplay
{
    /// <summary>The frame as 32 lines of 128 half-block characters.</summary>
    public static string FrameText(MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = new StringBuilder((MonoFrame.Width + 1) * MonoFrame.Height / 2);
        for (var y = 0; y < MonoFrame.Height; y += 2)
        {
            for (var x = 0; x < MonoFrame.Width; x++)
            {
                text.Append((frame[x, y], frame[x, y + 1]) switch
                {
                    (true, true) => '█',
                    (true, false) => '▀',
                    (false, true) => '▄',
                    _ => ' ',
                });
            }

            if (y < MonoFrame.Height - 2)
            {
                text.Append('\n');
            }
        }

        return text.ToString();
    }

    /// <summary>The whole panel for the live display.</summary>
    public static IRenderable Panel(MonoFrame frame, BoxView view, TimeSpan now, IReadOnlyList<string> log)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(log);
        static string Led(string color, string name, LedPattern pattern, TimeSpan now) =>
            LedTiming.IsLit(pattern, now) ? $"[{color}]●[/] {name}" : $"[grey]○[/] {name}";
        var leds = $"{Led("green", "READY", view.ReadyLed, now)}   {Led("blue", "PLAY", view.PlayLed, now)}   {Led("red", "ERROR", view.ErrorLed, now)}";
        var oled = new Panel(new Text(FrameText(frame), new Style(Color.Aqua))) { Header = new PanelHeader(" SSD1306 128×64 "), Border = BoxBorder.Rounded };
        return new Rows(
            oled,
            new Markup(leds),
            new Text(string.Join('\n', log.TakeLast(4)), new Style(Color.Grey)),
            new Markup($"[dim]{Markup.Escape(TerminalKeys.Help)}[/]"));
    }
}
