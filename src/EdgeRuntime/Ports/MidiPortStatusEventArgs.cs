namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>A port went away or came back.</summary>
/// <param name="portName">The port's name.</param>
/// <param name="connected">True when (re)connected, false when lost.</param>
/// <param name="reason">Why, in words (the OS error, "writer closed", ...).</param>
public sealed class MidiPortStatusEventArgs(string portName, bool connected, string reason) : EventArgs
{
    public string PortName { get; } = portName;
    public bool Connected { get; } = connected;
    public string Reason { get; } = reason;
}
