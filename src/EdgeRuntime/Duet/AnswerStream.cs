using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// One answer as note events, in time order: draws tokens from an <see cref="IAnswerVoice"/>, decodes them with the
/// one <see cref="NoteStreamDecoder"/>, moves the answer into the call's register and the live transposition, and
/// stops at the plan's length (or token cap), lets the notes still sounding ring out (<see cref="AnswerPlan.RingOutSteps"/>:
/// the voice starts no note and releases them itself, within that time), then releases every note it left sounding. The live generator and the
/// offline answer (<see cref="DuetSession.Respond"/>) both play through it, so they agree token for token.
/// <para>An answer starts with its first note: the performer's response delay is the gap before it, so the
/// TIME_SHIFTs the voice samples before its first NOTE_ON are not waited out. They are still drawn (the model feeds
/// them back, so its state and the grammar's clock stay those of the tokens it chose) but they move neither the
/// answer's clock nor its length, and are left out of <see cref="Tokens"/>; <see cref="SkippedRestSteps"/> counts
/// them. The token cap still bounds a voice that never plays a note.</para>
/// Buffers are sized once; <see cref="MoveNext"/> allocates nothing. One per playing thread.
/// </summary>
public sealed class AnswerStream
{
    private const int Pitches = 128;
    private const int RingOutTokens = 256;   // most tokens drawn while the last notes ring out (their releases and the time between)
    private readonly NoteStreamDecoder _decoder = new();
    private readonly int[] _tokens;
    private readonly int[] _mapped = new int[Pitches];          // model pitch → sounding pitch, -1 when silent
    private readonly DecodedEvent[] _pending = new DecodedEvent[Pitches + 1];
    private IAnswerVoice? _voice;
    private AnswerPlan _plan;
    private int _tokenCount;
    private int _drawn;
    private int _pendingHead;
    private int _pendingCount;
    private int? _octaveShift;
    private bool _closing;
    private bool _ringing;
    private int _ringEnd;       // step at which ringing out stops and what still sounds is released
    private int _ringTokenCap;
    private bool _done = true;
    private bool _sounded;   // the answer's first NOTE_ON has been played

    /// <summary>Creates a stream that records up to <paramref name="maxTokens"/> tokens per answer.</summary>
    public AnswerStream(int maxTokens = 2048)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTokens, 16);
        _tokens = new int[maxTokens + RingOutTokens + Pitches];   // room for ringing out and the closing NOTE_OFFs
    }

    /// <summary>Semitones added to every onset from now on (live control).</summary>
    public int Transpose { get; set; }

    /// <summary>The last event <see cref="MoveNext"/> produced; pitches are the sounding ones.</summary>
    public DecodedEvent Current { get; private set; }

    /// <summary>The answer's clock in 10 ms steps.</summary>
    public int Step => _decoder.Step;

    /// <summary>The plan of the answer being played.</summary>
    public AnswerPlan Plan => _plan;

    /// <summary>The model's tokens as played so far (EOS and the rests before the first note left out; the closing NOTE_OFFs included at the end).</summary>
    public ReadOnlySpan<int> Tokens => _tokens.AsSpan(0, _tokenCount);

    /// <summary>Steps of rest the voice sampled before its first note, which the answer did not wait out.</summary>
    public int SkippedRestSteps { get; private set; }

    /// <summary>Semitones the register following moved the answer by (known after its first onset).</summary>
    public int OctaveShift => _octaveShift ?? 0;

    /// <summary>Starts an answer; the voice must already be primed on the call.</summary>
    public void Begin(IAnswerVoice voice, AnswerPlan plan)
    {
        ArgumentNullException.ThrowIfNull(voice);
        _voice = voice;
        _plan = plan with { MaxTokens = Math.Min(plan.MaxTokens, _tokens.Length - Pitches - RingOutTokens) };
        _decoder.Reset();
        Array.Fill(_mapped, -1);
        _tokenCount = 0;
        _drawn = 0;
        _pendingHead = 0;
        _pendingCount = 0;
        _octaveShift = plan.RegisterPitch is null ? 0 : null;
        _closing = false;
        _ringing = false;
        _done = false;
        _sounded = false;
        SkippedRestSteps = 0;
    }

    /// <summary>
    /// Moves to the next event that matters to a listener (<see cref="DecodedEventKind.Time"/>, NoteOn, NoteOff).
    /// False once the answer is over and every note it started has been released.
    /// </summary>
    public bool MoveNext()
    {
        while (!_done)
        {
            if (_pendingCount > 0)
            {
                var next = _pending[_pendingHead];
                _pendingHead = (_pendingHead + 1) % _pending.Length;
                _pendingCount--;
                Current = Map(next);
                return true;
            }

            if (_closing)
            {
                if (_decoder.TryTakeClosing(out var release))
                {
                    _tokens[_tokenCount++] = Vocabulary.NoteOff(release.Pitch);
                    Current = Map(release);
                    return true;
                }

                _done = true;
                return false;
            }

            if (_ringing)
            {
                if (_decoder.SoundingCount == 0 || _decoder.Step >= _ringEnd || _drawn >= _ringTokenCap)
                {
                    _closing = true;
                    continue;
                }
            }
            else if (_decoder.Step >= _plan.Steps || _drawn >= _plan.MaxTokens)
            {
                if (_plan.RingOutSteps > 0 && _decoder.SoundingCount > 0 && _drawn < _plan.MaxTokens)
                {
                    // The answer is long enough; its last notes end where the voice lets them go, not here.
                    _ringing = true;
                    _ringEnd = _plan.Steps + _plan.RingOutSteps;
                    _ringTokenCap = _drawn + RingOutTokens;
                    _voice!.RingOut();
                    continue;
                }

                _closing = true;
                continue;
            }

            var token = _voice!.NextToken();
            _drawn++;
            if (token == Vocabulary.Eos)
            {
                if (_ringing)
                {
                    _closing = true;   // the voice ended its phrase: release what still sounds now
                    continue;
                }

                _voice.Continue();
                continue;
            }

            if (_ringing && (Vocabulary.IsNoteOn(token) || Vocabulary.IsVelocity(token)))
            {
                continue;   // a voice that does not refuse onsets: nothing new starts while the last notes ring
            }

            if (!_sounded && Vocabulary.IsTimeShift(token))
            {
                // A rest before the first note: the response delay already is the gap (see the class remarks).
                SkippedRestSteps += Vocabulary.StepsOf(token);
                continue;
            }

            var e = _decoder.Feed(token);
            _tokens[_tokenCount++] = token;
            switch (e.Kind)
            {
                case DecodedEventKind.Time:
                    while (_decoder.TryTakeDeferred(out var deferred))
                    {
                        Enqueue(deferred);
                    }

                    Current = e;
                    return true;
                case DecodedEventKind.NoteOn:
                    _sounded = true;
                    Current = Map(e);
                    return true;
                case DecodedEventKind.NoteOff:
                    Current = Map(e);
                    if (_decoder.TryTakeRestrike(out var onset))
                    {
                        Enqueue(onset);
                    }

                    return true;
                default:
                    continue;
            }
        }

        return false;
    }

    private void Enqueue(in DecodedEvent e)
    {
        _pending[(_pendingHead + _pendingCount) % _pending.Length] = e;
        _pendingCount++;
    }

    private DecodedEvent Map(in DecodedEvent e)
    {
        if (e.Kind == DecodedEventKind.NoteOn)
        {
            _octaveShift ??= 12 * (int)Math.Round((_plan.RegisterPitch!.Value - e.Pitch) / 12.0);
            var sounding = Math.Clamp(e.Pitch + _octaveShift.Value + Transpose, 0, 127);
            _mapped[e.Pitch] = sounding;
            return e with { Pitch = sounding };
        }

        if (e.Kind == DecodedEventKind.NoteOff)
        {
            var sounding = _mapped[e.Pitch];
            _mapped[e.Pitch] = -1;
            return e with { Pitch = sounding < 0 ? e.Pitch : sounding };
        }

        return e;
    }
}
