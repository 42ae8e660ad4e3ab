using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>
/// A virtual performer: plays notes (from a MIDI file) into the engine in real time, as if someone were
/// playing them on a keyboard. Each message is delivered at its time on the Stopwatch clock and carries that
/// time as its timestamp, even when a busy machine delivers it a little late: the performer played it then, and the
/// file's phrases are heard exactly as <c>respond</c> hears them.
/// </summary>
public sealed class MidiFileInput : IMidiInput
{
    private readonly (double Seconds, MidiMessage Message)[] _events;
    private readonly ManualResetEventSlim _stop = new(false);
    private Thread? _thread;
    private volatile bool _finished;

    /// <summary>Plays <paramref name="notes"/> (times in seconds) starting <paramref name="leadInSeconds"/> after <see cref="Start"/>.</summary>
    public MidiFileInput(string name, IReadOnlyList<Note> notes, double leadInSeconds = 0.5)
    {
        ArgumentNullException.ThrowIfNull(notes);
        Name = name;
        var origin = notes.Count == 0 ? 0 : notes.Min(n => n.Start);
        _events = [.. notes
            .SelectMany(n => new[]
            {
                (n.Start - origin + leadInSeconds, MidiMessage.NoteOn(n.Channel, n.Pitch, Math.Max(1, n.Velocity))),
                (Math.Max(n.End, n.Start) - origin + leadInSeconds, MidiMessage.NoteOff(n.Channel, n.Pitch)),
            })
            .OrderBy(e => e.Item1)
            .ThenBy(e => e.Item2.IsNoteOn ? 1 : 0)];   // releases before onsets at the same instant
        Duration = _events.Length == 0 ? 0 : _events[^1].Seconds;
    }

    /// <summary>Reads a performer's MIDI file (strictly unless <paramref name="settings"/> say otherwise) and plays its notes.</summary>
    /// <exception cref="MidiFormatException">The file is malformed or over a bound (the message names it).</exception>
    /// <exception cref="InvalidDataException">A note lies beyond <see cref="Performances.PerformanceFile.MaxSeconds"/> (the message names the file).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static MidiFileInput FromFile(string path, double leadInSeconds = 0.5, MidiReadSettings? settings = null) =>
        new($"file:{path}", Performances.PerformanceFile.Read(path, settings), leadInSeconds);

    public string Name { get; }

    /// <summary>Seconds from <see cref="Start"/> to the last event.</summary>
    public double Duration { get; }

    /// <summary>True when every event has been delivered.</summary>
    public bool IsFinished => _finished;

    public bool IsConnected => !_finished;

    public MidiParserCounters Counters { get; } = new();

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    public void Start(Action<MidiMessage> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        if (_thread is not null)
        {
            throw new InvalidOperationException($"MIDI input '{Name}' is already started.");
        }

        _thread = new Thread(() => Play(onMessage)) { IsBackground = true, Name = $"midi-in {Name}" };
        _thread.Start();
        StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, true, $"playing {_events.Length / 2} notes"));
    }

    public void Dispose()
    {
        _stop.Set();
        _thread?.Join(TimeSpan.FromSeconds(2));
        _stop.Dispose();
    }

    private void Play(Action<MidiMessage> onMessage)
    {
        var start = Stopwatch.GetTimestamp();
        foreach (var (seconds, message) in _events)
        {
            var due = start + (long)(seconds * Stopwatch.Frequency);
            var wait = (due - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
            if (wait > 0 && _stop.Wait((int)wait))
            {
                return;
            }

            onMessage(message with { Timestamp = due });
            Counters.Messages++;
        }

        _finished = true;
    }
}
