namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>One ALSA raw MIDI device as the kernel lists it.</summary>
/// <param name="Card">Card number (the C in midiC1D0).</param>
/// <param name="Device">Device number on the card (the D).</param>
/// <param name="CardId">Short card id from /proc/asound/cards, e.g. "mio"; stable across replugs, used to reconnect.</param>
/// <param name="CardName">Long card name, e.g. "iConnectivity mio".</param>
/// <param name="PortName">Name of the raw MIDI device from /proc/asound/cardN/midiD (first line).</param>
/// <param name="Path">Device node, e.g. /dev/snd/midiC1D0.</param>
public sealed record AlsaMidiDevice(int Card, int Device, string CardId, string CardName, string PortName, string Path)
{
    /// <summary>The ALSA hardware address, e.g. "hw:1,0".</summary>
    public string HardwareId => $"hw:{Card},{Device}";
}
