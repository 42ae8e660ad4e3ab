using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>An output that keeps every message with the clock time it was sent.</summary>
internal sealed class RecordingOutput(IClock clock) : IMidiOutput
{
    private readonly Lock _gate = new();
    private readonly List<MidiMessage> _messages = [];

    public string Name => "recording";

    public bool IsConnected => true;

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    public List<MidiMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    public bool Send(in MidiMessage message)
    {
        lock (_gate)
        {
            _messages.Add(message with { Timestamp = clock.Now });
        }

        return true;
    }

    public void Reconnect() => StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, true, "test"));

    public void Dispose()
    {
    }
}
