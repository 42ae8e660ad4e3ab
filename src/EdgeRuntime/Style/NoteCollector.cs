using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Style;

/// <summary>
/// Reads performance-event tokens into <see cref="PlayedNote"/>s as they arrive, through the one
/// <see cref="NoteStreamDecoder"/> (so a style is measured on the notes the answer would play). Storage is allocated once, for
/// <see cref="Capacity"/> notes; notes beyond it are not kept, so <see cref="Accept"/> never allocates and
/// a sampler can collect its primer on the playing thread.
/// </summary>
public sealed class NoteCollector
{
    private const int Pitches = 128;
    private readonly PlayedNote[] _notes;
    private readonly int[] _open = new int[Pitches]; // index into _notes of the sounding note of each pitch, or -1
    private readonly NoteStreamDecoder _decoder = new();   // the one decoder: the same notes the answer plays
    private int _count;
    private int _phrase;
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
        _inPhrase = false;
        _decoder.Reset();
    }

    /// <summary>Reads one token of the current phrase (a phrase starts with the first token after <see cref="EndPhrase"/>). Specials are ignored.</summary>
    public void Accept(int token)
    {
        if (!_inPhrase)
        {
            _inPhrase = true;
            _decoder.Reset();
        }

        if (token is < 0 or >= Vocabulary.Size)
        {
            return;
        }

        var e = _decoder.Feed(token);
        Take(e);
        if (_decoder.TryTakeRestrike(out var onset))
        {
            Take(onset);
        }

        while (e.Kind == DecodedEventKind.Time && _decoder.TryTakeDeferred(out var release))
        {
            Take(release);
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

    /// <summary>Ends the current phrase: notes still sounding end at its clock (at least one step long).</summary>
    public void EndPhrase()
    {
        if (!_inPhrase)
        {
            return;
        }

        while (_decoder.TryTakeClosing(out var release))
        {
            Take(release);
        }

        _inPhrase = false;
        _phrase++;
    }

    private void Take(in DecodedEvent e)
    {
        if (e.Kind == DecodedEventKind.NoteOn && _count < _notes.Length)
        {
            _notes[_count] = new PlayedNote(e.Pitch, e.Velocity, e.Step * Vocabulary.TimeStepSeconds, 0, _phrase);
            _open[e.Pitch] = _count++;
        }
        else if (e.Kind == DecodedEventKind.NoteOff && _open[e.Pitch] is var index and >= 0)
        {
            _notes[index] = _notes[index] with { Duration = (e.Step - e.OnsetStep) * Vocabulary.TimeStepSeconds };
            _open[e.Pitch] = -1;
        }
    }
}
