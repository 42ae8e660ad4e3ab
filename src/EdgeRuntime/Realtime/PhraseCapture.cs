using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Cuts live input into phrases. Feed every message with <see cref="Accept"/> and call <see cref="Poll"/>
/// regularly (a rest can only be noticed by the passing of time). Times come from the messages' timestamps
/// in clock ticks, so a fake clock drives it in tests. Single-threaded: the engine's control thread owns it.
/// </summary>
public sealed class PhraseCapture
{
    private readonly PhraseCaptureOptions _options;
    private readonly double _frequency;
    private readonly long[] _onTicks = new long[16 * 128];     // [channel * 128 + pitch] onset, -1 when up
    private readonly byte[] _onVelocity = new byte[16 * 128];
    private readonly List<Note> _notes = new(256);
    private int _held;
    private bool _pedalDown;
    private long _firstOnset = -1;
    private long _lastActivity;

    /// <summary>Creates a capture for a clock with <paramref name="ticksPerSecond"/>.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public PhraseCapture(PhraseCaptureOptions options, long ticksPerSecond)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(ticksPerSecond);
        if (!(options.RestSeconds > 0) || !(options.MaxSeconds > 0) || options.MaxNotes < 1)
        {
            throw new ArgumentException($"Phrase rest ({options.RestSeconds} s), maximum length ({options.MaxSeconds} s) and maximum notes ({options.MaxNotes}) must be positive.", nameof(options));
        }

        _options = options;
        _frequency = ticksPerSecond;
        Array.Fill(_onTicks, -1L);
    }

    /// <summary>True while a phrase is being played (at least one onset since the last cut).</summary>
    public bool InPhrase => _firstOnset >= 0;

    /// <summary>Notes of the phrase in progress so far, released and still held.</summary>
    public int NotesSoFar => _notes.Count + _held;

    /// <summary>True while a key of the phrase in progress is down.</summary>
    public bool KeysDown => _held > 0;

    /// <summary>Feeds one input message. Returns a phrase when this message ended one (pedal release, marker).</summary>
    public CapturedPhrase? Accept(in MidiMessage message)
    {
        if (!message.IsChannelMessage)
        {
            return null;
        }

        var now = message.Timestamp;
        var key = message.Channel * 128 + message.Data1;
        if (message.IsNoteOn)
        {
            if (_options.MarkerNote == message.Data1)
            {
                return InPhrase ? Cut(now, PhraseEndReason.Marker) : null;
            }

            if (_onTicks[key] >= 0)
            {
                CloseNote(key, now);   // repeated key without release: end the first strike here
            }

            if (_firstOnset < 0)
            {
                _firstOnset = now;
            }

            _onTicks[key] = now;
            _onVelocity[key] = message.Data2;
            _held++;
            _lastActivity = now;
            return MaybeCutAtMaxLength(now);
        }

        if (message.IsNoteOff)
        {
            if (_options.MarkerNote == message.Data1)
            {
                return null;
            }

            if (_onTicks[key] >= 0)
            {
                CloseNote(key, now);
                _lastActivity = now;
            }

            return MaybeCutAtMaxLength(now);
        }

        if (message.IsControlChange)
        {
            if (_options.MarkerController == message.Data1 && message.Data2 >= 64)
            {
                return InPhrase ? Cut(now, PhraseEndReason.Marker) : null;
            }

            if (message.Data1 == MidiMessage.SustainController)
            {
                var down = message.Data2 >= 64;
                var released = _pedalDown && !down;
                _pedalDown = down;
                _lastActivity = now;
                if (released && _options.EndOnSustainRelease && InPhrase)
                {
                    return Cut(now, PhraseEndReason.SustainRelease);
                }
            }
        }

        return null;
    }

    /// <summary>Checks the rest and length limits at time <paramref name="now"/> (clock ticks).</summary>
    public CapturedPhrase? Poll(long now)
    {
        if (!InPhrase)
        {
            return null;
        }

        var restTicks = (long)(_options.RestSeconds * _frequency);
        if (_held == 0 && !_pedalDown && now - _lastActivity >= restTicks)
        {
            return Cut(_lastActivity + restTicks, PhraseEndReason.Rest);
        }

        return MaybeCutAtMaxLength(now);
    }

    /// <summary>
    /// The phrase in progress as heard until <paramref name="heardUntil"/> (clock ticks): the notes released so far and
    /// the keys still down, ending at <paramref name="heardUntil"/>, with the same times the finished phrase will have.
    /// Null between phrases.
    /// </summary>
    public TurnSoFar? SoFar(long heardUntil)
    {
        if (!InPhrase)
        {
            return null;
        }

        var notes = new List<Note>(_notes.Count + _held);
        notes.AddRange(_notes);
        for (var key = 0; key < _onTicks.Length && notes.Count < _notes.Count + _held; key++)
        {
            var on = _onTicks[key];
            if (on >= 0)
            {
                notes.Add(new Note(key % 128, Math.Max(1, (int)_onVelocity[key]), Seconds(on - _firstOnset), Seconds(Math.Max(on, heardUntil) - _firstOnset), key / 128));
            }
        }

        return new TurnSoFar(notes, _firstOnset, heardUntil);
    }

    /// <summary>Forgets any phrase in progress (a visitor left, the mode changed).</summary>
    public void Clear()
    {
        Array.Fill(_onTicks, -1L);
        _notes.Clear();
        _held = 0;
        _pedalDown = false;
        _firstOnset = -1;
    }

    private CapturedPhrase? MaybeCutAtMaxLength(long now) =>
        InPhrase && (now - _firstOnset >= (long)(_options.MaxSeconds * _frequency) || _notes.Count + _held >= _options.MaxNotes)
            ? Cut(now, PhraseEndReason.MaxLength)
            : null;

    private void CloseNote(int key, long now)
    {
        var on = _onTicks[key];
        _notes.Add(new Note(key % 128, Math.Max(1, (int)_onVelocity[key]), Seconds(on - _firstOnset), Seconds(now - _firstOnset), key / 128));
        _onTicks[key] = -1;
        _held--;
    }

    private CapturedPhrase? Cut(long endTicks, PhraseEndReason reason)
    {
        // Keys still down at a cut end there; the performer's next phrase starts fresh.
        for (var key = 0; key < _onTicks.Length; key++)
        {
            if (_onTicks[key] >= 0)
            {
                CloseNote(key, Math.Min(endTicks, Math.Max(_onTicks[key], endTicks)));
            }
        }

        var notes = _notes.OrderBy(n => n.Start).ThenBy(n => n.Pitch).ToArray();
        var start = _firstOnset;
        var lastRelease = notes.Length == 0 ? 0 : notes.Max(n => n.End);
        _notes.Clear();
        _held = 0;
        _firstOnset = -1;
        if (notes.Length < _options.MinNotes)
        {
            return null;
        }

        return new CapturedPhrase(notes, lastRelease, start, endTicks, reason);
    }

    private double Seconds(long ticks) => ticks / _frequency;
}
