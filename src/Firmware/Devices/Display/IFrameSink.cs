namespace EdgeMeta.Firmware.Devices.Display;

/// <summary>Something that shows a frame: the OLED, the terminal simulator.</summary>
public interface IFrameSink
{
    /// <summary>Shows <paramref name="frame"/> (called by the box loop when the picture changed).</summary>
    void Show(MonoFrame frame);
}
