using EdgeMeta.Firmware.Box;

namespace EdgeMeta.Firmware.Simulation;

/// <summary>The simulator's keyboard: which key is which button or knob gesture.</summary>
public static class TerminalKeys
{
    /// <summary>The help line under the display.</summary>
    public const string Help = "l learn · p play/stop · P panic · c clear · C hold clear · ←/→ temperature · [/] length · k knob · s png · q quit";

    /// <summary>The gesture of a key, or null (quit and png are handled by the simulator).</summary>
    public static BoxControlEvent? Map(ConsoleKeyInfo key) => key.Key switch
    {
        ConsoleKey.LeftArrow => new BoxControlEvent(BoxControl.KnobTurn, -1),
        ConsoleKey.RightArrow => new BoxControlEvent(BoxControl.KnobTurn, 1),
        ConsoleKey.Enter => new BoxControlEvent(BoxControl.KnobPress),
        _ => key.KeyChar switch
        {
            'l' or 'L' => new BoxControlEvent(BoxControl.LearnPress),
            'p' or ' ' => new BoxControlEvent(BoxControl.PlayPress),
            'P' => new BoxControlEvent(BoxControl.PlayHold),
            'c' => new BoxControlEvent(BoxControl.ClearPress),
            'C' => new BoxControlEvent(BoxControl.ClearHold),
            '[' => new BoxControlEvent(BoxControl.KnobTurn, -1, Pushed: true),
            ']' => new BoxControlEvent(BoxControl.KnobTurn, 1, Pushed: true),
            'k' or 'K' => new BoxControlEvent(BoxControl.KnobPress),
            _ => null,
        },
    };
}
