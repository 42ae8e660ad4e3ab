namespace EdgeMeta.EdgeRuntime.Tokens;

/// <summary>
/// The one decoder from event tokens to note events, fed one token at a time: the live answer feeds it as the
/// model samples, <see cref="PerformanceTokenizer.Decode"/> feeds it a whole sequence. Rules (so that
/// <c>Encode(Decode(tokens))</c> gives the tokens back):
/// <list type="bullet">
/// <item>A NOTE_ON of a sounding pitch re-strikes it (the old note ends there), unless it sounded on the same step,
/// which is the same key press and is ignored.</item>
/// <item>A NOTE_OFF of a silent pitch and the special tokens are ignored.</item>
/// <item>Every note lasts at least one step: a NOTE_OFF on its onset's step is held back and released as soon as the
/// clock moves (the caller sees it in <see cref="TryTakeDeferred"/>), so events still come out in time order.</item>
/// </list>
/// Allocation-free after construction; one per stream, not thread-safe.
/// </summary>
public sealed class NoteStreamDecoder
{
    private const int Pitches = 128;
    private readonly int[] _onStep = new int[Pitches];      // -1 when the pitch is silent
    private readonly int[] _onVelocity = new int[Pitches];
    private readonly bool[] _deferredOff = new bool[Pitches];
    private readonly int _defaultVelocity;
    private int _deferredCount;
    private int _pendingRestrike = -1;

    /// <summary>Creates a decoder whose stream starts at step 0 with <paramref name="defaultVelocity"/>.</summary>
    public NoteStreamDecoder(int defaultVelocity = 64)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(defaultVelocity, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(defaultVelocity, 127);
        _defaultVelocity = defaultVelocity;
        Reset();
    }

    /// <summary>The stream's clock in 10 ms steps.</summary>
    public int Step { get; private set; }

    /// <summary>The velocity the next onset takes.</summary>
    public int CurrentVelocity { get; private set; }

    /// <summary>Number of pitches sounding (including releases held back to the next step).</summary>
    public int SoundingCount { get; private set; }

    /// <summary>Starts a new stream: clock 0, nothing sounding, the default velocity.</summary>
    public void Reset()
    {
        Array.Fill(_onStep, -1);
        Array.Clear(_deferredOff);
        _deferredCount = 0;
        _pendingRestrike = -1;
        SoundingCount = 0;
        Step = 0;
        CurrentVelocity = _defaultVelocity;
    }

    /// <summary>
    /// Feeds one token. A re-strike returns the NOTE_OFF of the old note first and leaves the new onset to
    /// <see cref="TryTakeRestrike"/>. Before feeding the next token, drain <see cref="TryTakeDeferred"/> after a
    /// <see cref="DecodedEventKind.Time"/> event.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The token is not an id of <see cref="Vocabulary"/>.</exception>
    public DecodedEvent Feed(int token)
    {
        if (token is < 0 or >= Vocabulary.Size)
        {
            throw new ArgumentOutOfRangeException(nameof(token), token, $"Token {token} is not in the vocabulary (0-{Vocabulary.Size - 1}).");
        }

        if (Vocabulary.IsTimeShift(token))
        {
            var steps = Vocabulary.StepsOf(token);
            Step += steps;
            return new DecodedEvent(DecodedEventKind.Time, 0, 0, Step, 0, steps);
        }

        if (Vocabulary.IsVelocity(token))
        {
            CurrentVelocity = Vocabulary.VelocityOfBin(Vocabulary.VelocityBinOf(token));
            return new DecodedEvent(DecodedEventKind.Velocity, 0, CurrentVelocity, Step, 0, 0);
        }

        if (Vocabulary.IsNoteOn(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            if (_onStep[pitch] == Step)
            {
                return DecodedEvent.Nothing(Step);   // a second onset on the same step is the same key press
            }

            if (_onStep[pitch] >= 0)
            {
                // Re-strike: the old note ends here, the new one starts (handed out by TryTakeRestrike).
                var off = Close(pitch, Step);
                _pendingRestrike = pitch;
                return off;
            }

            return Open(pitch);
        }

        if (Vocabulary.IsNoteOff(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            if (_onStep[pitch] < 0 || _deferredOff[pitch])
            {
                return DecodedEvent.Nothing(Step);
            }

            if (_onStep[pitch] == Step)
            {
                // A note lasts at least one step: release it when the clock moves.
                _deferredOff[pitch] = true;
                _deferredCount++;
                return DecodedEvent.Nothing(Step);
            }

            return Close(pitch, Step);
        }

        return DecodedEvent.Nothing(Step);
    }

    /// <summary>After a re-strike's NOTE_OFF, the new onset of the same pitch.</summary>
    public bool TryTakeRestrike(out DecodedEvent onset)
    {
        if (_pendingRestrike < 0)
        {
            onset = default;
            return false;
        }

        var pitch = _pendingRestrike;
        _pendingRestrike = -1;
        onset = Open(pitch);
        return true;
    }

    /// <summary>
    /// Releases held back from an earlier step, one per call, each at least one step after its onset (at the
    /// current step, which the clock has moved to). Call after every <see cref="DecodedEventKind.Time"/> event.
    /// </summary>
    public bool TryTakeDeferred(out DecodedEvent release)
    {
        if (_deferredCount > 0)
        {
            for (var pitch = 0; pitch < Pitches; pitch++)
            {
                if (_deferredOff[pitch] && _onStep[pitch] < Step)
                {
                    _deferredOff[pitch] = false;
                    _deferredCount--;
                    release = Close(pitch, Step);
                    return true;
                }
            }
        }

        release = default;
        return false;
    }

    /// <summary>
    /// Ends the stream: releases every sounding note, one per call, at the current step or one step after its
    /// onset, whichever is later (so a final note is never zero length).
    /// </summary>
    public bool TryTakeClosing(out DecodedEvent release)
    {
        for (var pitch = 0; pitch < Pitches && SoundingCount > 0; pitch++)
        {
            if (_onStep[pitch] >= 0)
            {
                if (_deferredOff[pitch])
                {
                    _deferredOff[pitch] = false;
                    _deferredCount--;
                }

                release = Close(pitch, Math.Max(Step, _onStep[pitch] + 1));
                return true;
            }
        }

        release = default;
        return false;
    }

    private DecodedEvent Open(int pitch)
    {
        _onStep[pitch] = Step;
        _onVelocity[pitch] = CurrentVelocity;
        SoundingCount++;
        return new DecodedEvent(DecodedEventKind.NoteOn, pitch, CurrentVelocity, Step, Step, 0);
    }

    private DecodedEvent Close(int pitch, int step)
    {
        var on = _onStep[pitch];
        _onStep[pitch] = -1;
        SoundingCount--;
        return new DecodedEvent(DecodedEventKind.NoteOff, pitch, _onVelocity[pitch], step, on, 0);
    }
}
