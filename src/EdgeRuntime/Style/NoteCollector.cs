using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// Reads performance-event tokens into <see cref="PlayedNote"/>s as they arrive: TIME_SHIFT advances the
/// clock, VELOCITY sets the velocity of the next notes, NOTE_ON opens a note, NOTE_OFF (or a re-strike of
/// the same pitch, or the end of the phrase) closes it. Storage is allocated once, for
/// <see cref="Capacity"/> notes; notes beyond it are not kept, so <see cref="Accept"/> never allocates and
/// a sampler can collect its primer on the playing thread.
/// </summary>
public sealed class NoteCollector
{
    private const int Pitches = 128;
    private const int DefaultVelocity = 64; // what the tokenizer assumes before the first VELOCITY

    private readonly PlayedNote[] _notes;
    private readonly int[] _open = new int[Pitches]; // index into _notes of the sounding note of each pitch, or -1
    private int _count;
    private int _phrase;
    private double _time;
    private int _velocity;
    private bool _inPhrase;

    /// <summary>Creates a collector that keeps up to <paramref name="capacity"/> notes.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public NoteCollector(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _notes = new PlayedNote[capacity];
        Clear();
    }

    /// <summary>Most notes kept.</summary>
    public int Capacity => _notes.Length;

    /// <summary>Notes kept so far, in onset order within each phrase; the durations of notes still sounding are provisional until <see cref="EndPhrase"/>.</summary>
    public ReadOnlySpan<PlayedNote> Notes => _notes.AsSpan(0, _count);

    /// <summary>Phrases started so far.</summary>
    public int Phrases => _phrase + (_inPhrase ? 1 : 0);

    /// <summary>Forgets every note and phrase.</summary>
    public void Clear()
    {
        Array.Fill(_open, -1);
        _count = 0;
        _phrase = 0;
        _time = 0;
        _velocity = DefaultVelocity;
        _inPhrase = false;
    }

    /// <summary>Reads one token of the current phrase (a phrase starts with the first token after <see cref="EndPhrase"/>). Specials are ignored.</summary>
    public void Accept(int token)
    {
        if (!_inPhrase)
        {
            _inPhrase = true;
            _time = 0;
            _velocity = DefaultVelocity;
        }

        if (Vocabulary.IsTimeShift(token))
        {
            _time += Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds;
        }
        else if (Vocabulary.IsVelocity(token))
        {
            _velocity = Vocabulary.VelocityOfBin(Vocabulary.VelocityBinOf(token));
        }
        else if (Vocabulary.IsNoteOn(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            Close(pitch);
            if (_count < _notes.Length)
            {
                _notes[_count] = new PlayedNote(pitch, _velocity, _time, 0, _phrase);
                _open[pitch] = _count++;
            }
        }
        else if (Vocabulary.IsNoteOff(token))
        {
            Close(Vocabulary.PitchOf(token));
        }
    }

    /// <summary>Reads a whole phrase and ends it.</summary>
    public void AcceptPhrase(ReadOnlySpan<int> tokens)
    {
        foreach (var token in tokens)
        {
            Accept(token);
        }

        EndPhrase();
    }

    /// <summary>Ends the current phrase: notes still sounding last until its last TIME_SHIFT.</summary>
    public void EndPhrase()
    {
        if (!_inPhrase)
        {
            return;
        }

        for (var p = 0; p < Pitches; p++)
        {
            Close(p);
        }

        _inPhrase = false;
        _phrase++;
    }

    private void Close(int pitch)
    {
        var index = _open[pitch];
        if (index < 0)
        {
            return;
        }

        _notes[index] = _notes[index] with { Duration = _time - _notes[index].Onset };
        _open[pitch] = -1;
    }
}
