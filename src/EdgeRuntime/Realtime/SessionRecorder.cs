using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Keeps a session's note events, the performer's on track 0 and the box's answers on track 1, so a good
/// duet is never lost. Appends to pre-sized lists (no allocation per event until they fill); notes are
/// assembled only when the session is saved.
/// </summary>
public sealed class SessionRecorder
{
    /// <summary>Track index of the performer's notes.</summary>
    public const int PerformerTrack = 0;
    /// <summary>Track index of the box's answers.</summary>
    public const int BoxTrack = 1;

    private readonly Lock _gate = new();
    private readonly List<(long Ticks, MidiMessage Message, int Track)> _events = new(1 << 16);
    private readonly long _frequency;
    private long _origin = -1;

    /// <summary>Records on a clock with <paramref name="ticksPerSecond"/>.</summary>
    public SessionRecorder(long ticksPerSecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        _frequency = ticksPerSecond;
    }

    /// <summary>Number of note events recorded.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _events.Count;
            }
        }
    }

    /// <summary>Records a note on/off at <paramref name="ticks"/> on <paramref name="track"/>; other messages are ignored.</summary>
    public void Record(long ticks, in MidiMessage message, int track)
    {
        if (!message.IsNoteOn && !message.IsNoteOff)
        {
            return;
        }

        lock (_gate)
        {
            if (_origin < 0)
            {
                _origin = ticks;
            }

            _events.Add((ticks, message, track));
        }
    }

    /// <summary>The session as notes (seconds from the first event), both tracks, sorted by onset; open notes end at the last event.</summary>
    public IReadOnlyList<Note> ToNotes()
    {
        lock (_gate)
        {
            var notes = new List<Note>();
            var open = new Dictionary<(int Track, int Channel, int Pitch), (double Start, int Velocity)>();
            var last = 0.0;
            foreach (var (ticks, message, track) in _events.OrderBy(e => e.Ticks))
            {
                var t = (double)(ticks - _origin) / _frequency;
                last = Math.Max(last, t);
                var key = (track, message.Channel, (int)message.Data1);
                if (open.Remove(key, out var on))
                {
                    notes.Add(new Note(key.Item3, on.Velocity, on.Start, t, key.Channel, track));
                }

                if (message.IsNoteOn)
                {
                    open[key] = (t, message.Data2);
                }
            }

            foreach (var (key, on) in open)
            {
                notes.Add(new Note(key.Pitch, on.Velocity, on.Start, Math.Max(on.Start, last), key.Channel, key.Track));
            }

            return [.. notes.OrderBy(n => n.Start).ThenBy(n => n.Track).ThenBy(n => n.Pitch)];
        }
    }
}
