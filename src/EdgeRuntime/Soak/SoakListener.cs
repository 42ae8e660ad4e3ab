using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Soak;

/// <summary>
/// The ear of a soak run on the box's output: which notes sound, when the output last moved, and the first note-on
/// after a mark (the end of a call). Fed by one reader thread, asked by the performer thread.
/// </summary>
public sealed class SoakListener
{
    private readonly Lock _gate = new();
    private readonly int[] _held = new int[16 * 128];
    private int _sounding;
    private long _mark = long.MaxValue;
    private long _firstAfterMark;
    private long _lastActivity;
    private long _noteOns;

    /// <summary>Notes heard starting and not yet ending (a note struck twice counts twice).</summary>
    public int Sounding
    {
        get
        {
            lock (_gate)
            {
                return _sounding;
            }
        }
    }

    /// <summary>Timestamp of the last note message heard (the stream's ticks), 0 before any.</summary>
    public long LastActivity
    {
        get
        {
            lock (_gate)
            {
                return _lastActivity;
            }
        }
    }

    /// <summary>Note-ons heard in all.</summary>
    public long NoteOns
    {
        get
        {
            lock (_gate)
            {
                return _noteOns;
            }
        }
    }

    /// <summary>The first note-on at or after the last <see cref="Arm"/>, or null.</summary>
    public long? FirstNoteAfterMark
    {
        get
        {
            lock (_gate)
            {
                return _firstAfterMark == 0 ? null : _firstAfterMark;
            }
        }
    }

    /// <summary>Watches for the first note-on at or after <paramref name="ticks"/>.</summary>
    public void Arm(long ticks)
    {
        lock (_gate)
        {
            _mark = ticks;
            _firstAfterMark = 0;
        }
    }

    /// <summary>One message from the output (the reader thread).</summary>
    public void Hear(MidiMessage message)
    {
        lock (_gate)
        {
            var key = (message.Channel * 128) + message.Data1;
            if (message.IsNoteOn)
            {
                _held[key]++;
                _sounding++;
                _noteOns++;
                _lastActivity = message.Timestamp;
                if (_firstAfterMark == 0 && message.Timestamp >= _mark)
                {
                    _firstAfterMark = message.Timestamp;
                }
            }
            else if (message.IsNoteOff)
            {
                _lastActivity = message.Timestamp;
                if (_held[key] > 0)
                {
                    _held[key]--;
                    _sounding--;
                }
            }
            else if (message.IsControlChange && message.Data1 == 123)
            {
                // All notes off on this channel.
                for (var pitch = 0; pitch < 128; pitch++)
                {
                    _sounding -= _held[(message.Channel * 128) + pitch];
                    _held[(message.Channel * 128) + pitch] = 0;
                }
            }
        }
    }
}
