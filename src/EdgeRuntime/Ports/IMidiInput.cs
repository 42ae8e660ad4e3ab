using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>
/// A source of live MIDI messages: a raw ALSA device, the ALSA sequencer, a FIFO, a MIDI file played in
/// real time. Messages carry the monotonic time they arrived (Stopwatch ticks).
/// </summary>
public interface IMidiInput : IDisposable
{
    /// <summary>Name shown to the performer and used to reconnect (device name, path, file).</summary>
    string Name { get; }

    /// <summary>True while the device is present and open.</summary>
    bool IsConnected { get; }

    /// <summary>What the input's parser dropped (floods, garbage, SysEx beyond the cap).</summary>
    MidiParserCounters Counters { get; }

    /// <summary>Raised (on the port's thread) when the device disappears or comes back.</summary>
    event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    /// <summary>
    /// Starts delivering messages on the port's own thread. <paramref name="onMessage"/> must be quick
    /// (hand the message to a queue); the port keeps reading while the device comes and goes until disposed.
    /// </summary>
    /// <exception cref="InvalidOperationException">Already started or disposed.</exception>
    void Start(Action<MidiMessage> onMessage);
}
