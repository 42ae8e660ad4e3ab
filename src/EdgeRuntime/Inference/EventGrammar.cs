using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// The event grammar of a stream: which notes sound (and since when), the clock, the silence, the recently
/// started pitches, and from these the tokens allowed next. It forbids NOTE_OFF of a silent pitch, NOTE_ON of a
/// sounding pitch or beyond the polyphony limit, a TIME_SHIFT that would stretch a silence past its limit,
/// two VELOCITY tokens in a row, PAD and BOS, and EOS unless allowed; it names the note to release when one has
/// been held too long. Allocation-free; not thread-safe.
/// </summary>
public sealed class EventGrammar
{
    private const int Pitches = 128;
    private const double TimeEpsilon = 1e-9;

    private readonly bool[] _sounding = new bool[Pitches];
    private readonly double[] _onset = new double[Pitches];
    private readonly double[] _held = new double[Pitches];
    private readonly bool[] _allowed = new bool[Vocabulary.Size];
    private readonly int[] _recentPitches;
    private readonly int[] _recentCount = new int[Pitches];
    private int _recentNext;
    private int _lastToken = -1;

    /// <summary>Creates the grammar state of an empty stream.</summary>
    /// <param name="maxSilenceSeconds">With nothing sounding, no TIME_SHIFT may make the silence longer than this.</param>
    /// <param name="maxNoteSeconds">A note held longer than this is due for release.</param>
    /// <param name="allowEos">Whether EOS may end the stream.</param>
    /// <param name="repetitionWindow">How many recent note-ons <see cref="IsRecent"/> remembers.</param>
    public EventGrammar(double maxSilenceSeconds, double maxNoteSeconds, bool allowEos, int repetitionWindow)
    {
        MaxSilenceSeconds = maxSilenceSeconds;
        MaxNoteSeconds = maxNoteSeconds;
        AllowEos = allowEos;
        _recentPitches = new int[repetitionWindow];
        Reset();
    }

    /// <summary>Longest silence a TIME_SHIFT may make.</summary>
    public double MaxSilenceSeconds { get; }

    /// <summary>Longest a note may be held.</summary>
    public double MaxNoteSeconds { get; }

    /// <summary>Whether EOS is allowed.</summary>
    public bool AllowEos { get; }

    /// <summary>Number of notes sounding now.</summary>
    public int SoundingCount { get; private set; }

    /// <summary>Seconds of TIME_SHIFT seen since <see cref="Reset"/>.</summary>
    public double ElapsedSeconds { get; private set; }

    /// <summary>Seconds of TIME_SHIFT since the last note-on with nothing sounding.</summary>
    public double SilenceSeconds { get; private set; }

    /// <summary>Seconds since the last note-on (since <see cref="Reset"/> when there was none).</summary>
    public double SinceOnsetSeconds => ElapsedSeconds - LastOnsetSeconds;

    /// <summary>Clock time of the last note-on.</summary>
    public double LastOnsetSeconds { get; private set; }

    /// <summary>The last token accepted, or −1.</summary>
    public int LastToken => _lastToken;

    /// <summary>Per pitch: whether it sounds.</summary>
    public ReadOnlySpan<bool> Sounding => _sounding;

    /// <summary>Per token: whether <see cref="ComputeAllowed"/> allowed it (valid after that call).</summary>
    public ReadOnlySpan<bool> Allowed => _allowed;

    /// <summary>Whether <paramref name="pitch"/> sounds.</summary>
    public bool IsSounding(int pitch) => _sounding[pitch];

    /// <summary>Whether <paramref name="pitch"/> was started within the last few note-ons (the repetition window).</summary>
    public bool IsRecent(int pitch) => _recentCount[pitch] > 0;

    /// <summary>Seconds <paramref name="pitch"/> has sounded (0 when silent).</summary>
    public double HeldSecondsOf(int pitch) => _sounding[pitch] ? ElapsedSeconds - _onset[pitch] : 0;

    /// <summary>Per pitch: seconds it has sounded; meaningful where <see cref="Sounding"/> is true.</summary>
    public ReadOnlySpan<double> HeldSeconds()
    {
        for (var p = 0; p < Pitches; p++)
        {
            _held[p] = _sounding[p] ? ElapsedSeconds - _onset[p] : 0;
        }

        return _held;
    }

    /// <summary>Forgets the notes, the clock and the recent pitches.</summary>
    public void Reset()
    {
        Array.Clear(_sounding);
        Array.Clear(_recentCount);
        Array.Fill(_recentPitches, -1);
        _recentNext = 0;
        SoundingCount = 0;
        ElapsedSeconds = 0;
        SilenceSeconds = 0;
        LastOnsetSeconds = 0;
        _lastToken = -1;
    }

    /// <summary>Updates the state with a token that happened; tokens the grammar forbids (NOTE_OFF of a silent pitch) change nothing.</summary>
    public void Accept(int token)
    {
        if (Vocabulary.IsNoteOn(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            if (!_sounding[pitch])
            {
                _sounding[pitch] = true;
                _onset[pitch] = ElapsedSeconds;
                SoundingCount++;
            }

            SilenceSeconds = 0;
            LastOnsetSeconds = ElapsedSeconds;
            Remember(pitch);
        }
        else if (Vocabulary.IsNoteOff(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            if (_sounding[pitch])
            {
                _sounding[pitch] = false;
                SoundingCount--;
            }
        }
        else if (Vocabulary.IsTimeShift(token))
        {
            var seconds = Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds;
            ElapsedSeconds += seconds;
            if (SoundingCount == 0)
            {
                SilenceSeconds += seconds;
            }
        }

        _lastToken = token;
    }

    /// <summary>The NOTE_OFF of the oldest note held longer than <see cref="MaxNoteSeconds"/>, or −1.</summary>
    public int OverdueNoteOff()
    {
        var oldest = -1;
        for (var p = 0; p < Pitches; p++)
        {
            if (_sounding[p] && ElapsedSeconds - _onset[p] > MaxNoteSeconds + TimeEpsilon && (oldest < 0 || _onset[p] < _onset[oldest]))
            {
                oldest = p;
            }
        }

        return oldest < 0 ? -1 : Vocabulary.NoteOff(oldest);
    }

    /// <summary>Fills <see cref="Allowed"/> for the next token with at most <paramref name="maxPolyphony"/> notes sounding.</summary>
    /// <param name="maxPolyphony">Most notes sounding at once; 0 starts no note (no NOTE_ON, no VELOCITY: the notes sounding ring out).</param>
    /// <param name="velocityFirst">Mask NOTE_ON until a VELOCITY token is drawn (ignored when the last token was one, which already states it).</param>
    public ReadOnlySpan<bool> ComputeAllowed(int maxPolyphony, bool velocityFirst = false)
    {
        var noteOnAllowed = SoundingCount < maxPolyphony && !(velocityFirst && !Vocabulary.IsVelocity(_lastToken));
        for (var p = 0; p < Pitches; p++)
        {
            _allowed[Vocabulary.NoteOn(p)] = noteOnAllowed && !_sounding[p];
            _allowed[Vocabulary.NoteOff(p)] = _sounding[p];
        }

        for (var steps = 1; steps <= Vocabulary.TimeShiftSteps; steps++)
        {
            _allowed[Vocabulary.TimeShift(steps)] = SoundingCount > 0
                || SilenceSeconds + (steps * Vocabulary.TimeStepSeconds) <= MaxSilenceSeconds + TimeEpsilon;
        }

        var velocityAllowed = !Vocabulary.IsVelocity(_lastToken) && maxPolyphony > 0;
        for (var bin = 0; bin < Vocabulary.VelocityBins; bin++)
        {
            _allowed[Vocabulary.Velocity(bin)] = velocityAllowed;
        }

        _allowed[Vocabulary.Pad] = false;
        _allowed[Vocabulary.Bos] = false;
        _allowed[Vocabulary.Eos] = AllowEos;
        return _allowed;
    }

    private void Remember(int pitch)
    {
        if (_recentPitches.Length == 0)
        {
            return;
        }

        var evicted = _recentPitches[_recentNext];
        if (evicted >= 0)
        {
            _recentCount[evicted]--;
        }

        _recentPitches[_recentNext] = pitch;
        _recentCount[pitch]++;
        _recentNext = (_recentNext + 1) % _recentPitches.Length;
    }
}
