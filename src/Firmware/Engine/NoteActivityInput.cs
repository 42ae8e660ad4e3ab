using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.Firmware.Engine;

/// <summary>
/// Passes a MIDI input through to the engine and keeps the few facts the box shows and watches: how many
/// notes came in, when the last note event arrived, and whether a key or the sustain pedal is held (while one is,
/// no phrase can end, so the watchdog must not expect one). Counting happens on the port's thread and allocates nothing.
/// </summary>
public sealed class NoteActivityInput(IMidiInput inner) : IMidiInput
{
    private readonly IMidiInput _inner = inner ?? throw new ArgumentNullException(nameof(inner));
    private long _notesIn;
    private long _lastNoteTicks;
    private int _held;
    private volatile bool _pedalDown;

    public string Name => _inner.Name;

    public bool IsConnected => _inner.IsConnected;

    public MidiParserCounters Counters => _inner.Counters;

    /// <summary>Note-ons received.</summary>
    public long NotesIn => Interlocked.Read(ref _notesIn);

    /// <summary>Timestamp (Stopwatch ticks) of the last note-on or note-off, 0 before the first.</summary>
    public long LastNoteTicks => Interlocked.Read(ref _lastNoteTicks);

    /// <summary>True while a key or the sustain pedal is down.</summary>
    public bool Holding => Volatile.Read(ref _held) > 0 || _pedalDown;

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged
    {
        add => _inner.StatusChanged += value;
        remove => _inner.StatusChanged -= value;
    }

    public void Start(Action<MidiMessage> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        _inner.Start(message =>
        {
            Count(message);
            onMessage(message);
        });
    }

    public void Dispose() => _inner.Dispose();

    private void Count(in MidiMessage message)
    {
        if (message.IsNoteOn)
        {
            Interlocked.Increment(ref _notesIn);
            Interlocked.Increment(ref _held);
            Interlocked.Exchange(ref _lastNoteTicks, message.Timestamp);
        }
        else if (message.IsNoteOff)
        {
            // A note-off without its note-on (the box started mid-note) must not drive the count negative.
            if (Interlocked.Decrement(ref _held) < 0)
            {
                Interlocked.Exchange(ref _held, 0);
            }

            Interlocked.Exchange(ref _lastNoteTicks, message.Timestamp);
        }
        else if (message.IsControlChange && message.Data1 == MidiMessage.SustainController)
        {
            _pedalDown = message.Data2 >= 64;
        }
    }
}
