using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>A destination for live MIDI messages: a raw ALSA device, the ALSA sequencer, a FIFO.</summary>
public interface IMidiOutput : IDisposable
{
    /// <summary>Name shown to the performer and used to reconnect.</summary>
    string Name { get; }

    /// <summary>True while the device is present and open.</summary>
    bool IsConnected { get; }

    /// <summary>Raised when the device disappears or comes back.</summary>
    event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    /// <summary>
    /// Sends one short message now. Returns false (and drops the message) when the device is not there;
    /// never blocks longer than a few milliseconds. Allocation-free.
    /// </summary>
    bool Send(in MidiMessage message);
}
