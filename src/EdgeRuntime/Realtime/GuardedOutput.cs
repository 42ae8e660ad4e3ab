using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The output port as the engine's output thread sees it. A port's <see cref="IMidiOutput.Send"/> should return false
/// when it cannot send, but a driver error or a device torn away mid-write may throw instead; on the output thread an
/// exception would end the process, leaving notes sounding on the synth and the profile unsaved. Here a throw is a
/// failed send: the port is reported lost (the engine logs it) and every channel that lost a message owes an
/// all-notes-off (CC 123), sent first once a send goes through again (the port is back, reported connected), so a
/// note-off lost in the fault leaves no note hanging. Fixed memory; does not own the port.
/// </summary>
internal sealed class GuardedOutput : IMidiOutput
{
    private readonly IMidiOutput _port;
    private readonly bool[] _owesAllNotesOff = new bool[16];   // [channel]
    private readonly Lock _gate = new();
    private bool _failing;

    public GuardedOutput(IMidiOutput port)
    {
        _port = port;
        _port.StatusChanged += Forward;
    }

    public string Name => _port.Name;

    public bool IsConnected => !_failing && _port.IsConnected;

    /// <summary>Sends that threw.</summary>
    public long Failures { get; private set; }

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    public bool Send(in MidiMessage message)
    {
        lock (_gate)
        {
            if (_failing && !SendOwed())
            {
                Owe(message);
                return false;
            }

            try
            {
                return _port.Send(message);   // false: the port is absent and keeps its own owed releases
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Failures++;
                Owe(message);
                if (!_failing)
                {
                    _failing = true;
                    StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, false, $"send failed: {ex.Message}"));
                }

                return false;
            }
        }
    }

    /// <summary>Stops forwarding the port's status; the port itself is left open (its owner disposes it).</summary>
    public void Dispose() => _port.StatusChanged -= Forward;

    // Caller holds _gate. The first send after a fault: the owed all-notes-offs, then the port counts as back.
    private bool SendOwed()
    {
        for (var channel = 0; channel < 16; channel++)
        {
            if (!_owesAllNotesOff[channel])
            {
                continue;
            }

            try
            {
                _port.Send(MidiMessage.ControlChange(channel, MidiMessage.AllNotesOffController, 0));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Failures++;
                return false;
            }

            _owesAllNotesOff[channel] = false;
        }

        _failing = false;
        StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, true, "sends go through again"));
        return true;
    }

    private void Owe(in MidiMessage message)
    {
        if (message.IsChannelMessage)
        {
            _owesAllNotesOff[message.Channel] = true;
        }
    }

    private void Forward(object? sender, MidiPortStatusEventArgs e) => StatusChanged?.Invoke(this, e);
}
