using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// Turns next-event logits into one token while keeping the event stream well-formed and close to the
/// performer: the <see cref="EventGrammar"/> masks what the vocabulary forbids (and forces the release of a note
/// held too long), the repetition guard and the <see cref="StyleSteering"/> terms bias the logits, and the
/// <see cref="TokenDraw"/> applies temperature, top-k and top-p and draws with its seeded random stream.
/// The style steered toward is the one given to <see cref="Steer"/>, or else (by default) the style of the
/// primer: the notes accepted after <see cref="Reset"/> before the first draw.
/// Buffers are allocated once; <see cref="Sample"/> allocates nothing. Not thread-safe (one per generator).
/// </summary>
public sealed class Sampler
{
    /// <summary>Primer notes kept for its style; a longer primer is summarised by its first this many notes.</summary>
    public const int PrimerNoteCapacity = 1024;

    private readonly EventGrammar _grammar;
    private readonly TokenDraw _draw;
    private readonly StyleSteering _steering;
    private readonly NoteCollector _primer = new(PrimerNoteCapacity);
    private readonly PerformerStyle _primerStyle = new(PrimerNoteCapacity);
    private PerformerStyle? _style;
    private bool _collecting;
    private bool _steeringReady;
    private bool _velocityStated;

    /// <summary>Creates a sampler; its random generator is seeded once, here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Sampler(SamplerSettings? settings = null)
    {
        Settings = settings ?? new SamplerSettings();
        var s = Settings;
        if (s.MaxPolyphony < 1 || !(s.MaxSilenceSeconds >= 0) || !(s.MaxNoteSeconds > 0) || !(s.RepetitionPenalty >= 1) || s.RepetitionWindow < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings),
                s,
                "Need MaxPolyphony >= 1, MaxSilenceSeconds >= 0, MaxNoteSeconds > 0, RepetitionPenalty >= 1, RepetitionWindow >= 0.");
        }

        _draw = new TokenDraw(Vocabulary.Size, s.Temperature, s.TopK, s.TopP, s.Seed);
        _steering = new StyleSteering(s.Steering);
        _grammar = new EventGrammar(s.MaxSilenceSeconds, s.MaxNoteSeconds, s.AllowEos, s.RepetitionWindow);
        Reset();
    }

    /// <summary>The settings, with the live <see cref="Temperature"/>.</summary>
    public SamplerSettings Settings { get; private set; }

    /// <summary>
    /// The live softmax temperature: 0 = greedy, otherwise <see cref="TokenDraw.MinTemperature"/>..<see cref="TokenDraw.MaxTemperature"/>
    /// (below 1 safer and more repetitive, above 1 more surprising). Changing it mid-answer keeps the musical
    /// context and the random stream; the next draw uses it.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Neither 0 nor within the range.</exception>
    public float Temperature
    {
        get => _draw.Temperature;
        set
        {
            _draw.Temperature = value;
            if (Settings.Temperature != value)
            {
                Settings = Settings with { Temperature = value };
            }
        }
    }

    /// <summary>Number of notes sounding now.</summary>
    public int SoundingCount => _grammar.SoundingCount;

    /// <summary>Seconds of TIME_SHIFT seen since <see cref="Reset"/>.</summary>
    public double ElapsedSeconds => _grammar.ElapsedSeconds;

    /// <summary>Seconds of TIME_SHIFT since the last note-on with nothing sounding.</summary>
    public double SilenceSeconds => _grammar.SilenceSeconds;

    /// <summary>The style the next draws steer toward (given to <see cref="Steer"/>, or the primer's once the first draw has measured it), or null.</summary>
    public PerformerStyle? SteeringStyle => _steeringReady && _steering.Active ? _style ?? _primerStyle : _style;

    /// <summary>Whether <paramref name="pitch"/> is sounding.</summary>
    public bool IsSounding(int pitch) => _grammar.IsSounding(pitch);

    /// <summary>Writes the sounding pitches (ascending) into <paramref name="destination"/> and returns how many.</summary>
    public int CopySoundingPitches(Span<int> destination)
    {
        var n = 0;
        var sounding = _grammar.Sounding;
        for (var p = 0; p < sounding.Length && n < destination.Length; p++)
        {
            if (sounding[p])
            {
                destination[n++] = p;
            }
        }

        return n;
    }

    /// <summary>
    /// Steers the coming answers toward <paramref name="style"/> (the duet calls this at the start of each answer
    /// with the style of the performer's recent phrases); it holds across <see cref="Reset"/> until the next call.
    /// Null goes back to following the primer (when <see cref="StyleSteeringSettings.FollowPrimer"/>) or to no steering.
    /// Takes effect at the next draw; allocation-free.
    /// </summary>
    public void Steer(PerformerStyle? style)
    {
        _style = style;
        _steeringReady = false;
    }

    /// <summary>
    /// The answer is over and its last notes ring out: no NOTE_ON and no VELOCITY is drawn, only releases of the notes
    /// sounding, time and EOS (while a note sounds; with none it draws as usual, and the answer drops what would start
    /// a note). Cleared by <see cref="Reset"/>.
    /// </summary>
    public bool RingingOut { get; set; }

    /// <summary>
    /// Forgets the notes, the clock and the recent pitches (a new phrase) and starts collecting a new primer for the
    /// style to follow. The random stream and a style given to <see cref="Steer"/> continue.
    /// </summary>
    public void Reset()
    {
        RingingOut = false;
        _grammar.Reset();
        _primer.Clear();
        _collecting = true;
        _steeringReady = false;
    }

    /// <summary>
    /// Updates the grammar state with a token that happened (a primer token, or one this sampler chose).
    /// Tokens the grammar would forbid (e.g. NOTE_OFF of a silent pitch in a primer) change nothing.
    /// </summary>
    public void Accept(int token)
    {
        _grammar.Accept(token);
        if (_collecting)
        {
            _primer.Accept(token);
        }
    }

    /// <summary>
    /// Picks the next token from <paramref name="logits"/> [V] (overwritten: they become biased, masked
    /// logits) and accepts it. Allocation-free.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is not <see cref="Vocabulary.Size"/> long.</exception>
    public int Sample(Span<float> logits)
    {
        if (logits.Length != Vocabulary.Size)
        {
            throw new ArgumentException($"Expected {Vocabulary.Size} logits, got {logits.Length}.", nameof(logits));
        }

        PrepareSteering();
        var forced = _grammar.OverdueNoteOff();
        if (forced >= 0)
        {
            _steering.Accepted(forced, _grammar.HeldSecondsOf(Vocabulary.PitchOf(forced)));
            Accept(forced);
            return forced;
        }

        var allowed = _grammar.ComputeAllowed(PolyphonyLimit, VelocityFirst);
        ApplyRepetitionGuard(logits, allowed);
        _steering.Apply(logits, _grammar.SinceOnsetSeconds, _grammar.Sounding, _grammar.HeldSeconds());
        var token = _draw.Draw(logits, allowed);
        _velocityStated |= Vocabulary.IsVelocity(token);
        _steering.Accepted(token, Vocabulary.IsNoteOff(token) ? _grammar.HeldSecondsOf(Vocabulary.PitchOf(token)) : 0);
        Accept(token);
        return token;
    }

    /// <summary>
    /// Whether the grammar (with the texture's polyphony limit) allows <paramref name="token"/> now (ignores forced
    /// note-offs). Like a draw, it ends the primer: tokens accepted afterwards no longer count toward its style.
    /// </summary>
    public bool IsAllowed(int token)
    {
        PrepareSteering();
        return _grammar.ComputeAllowed(PolyphonyLimit, VelocityFirst)[token];
    }

    // Most notes sounding at once for the next draw: the texture's limit, or none new while ringing out.
    private int PolyphonyLimit => RingingOut && _grammar.SoundingCount > 0 ? 0 : _steering.PolyphonyLimit(Settings.MaxPolyphony);

    // Whether this draw must not start a note yet: the answer has not stated its dynamics.
    private bool VelocityFirst => _steering.Active && Settings.Steering.OpenWithVelocity && !_velocityStated;

    // The first draw after a primer measures the primer's style (allocation-free: the buffers are the sampler's).
    private void PrepareSteering()
    {
        if (_steeringReady)
        {
            return;
        }

        if (_collecting)
        {
            _collecting = false;
            _primer.EndPhrase();
        }

        var style = _style;
        if (style is null && Settings.Steering.FollowPrimer && !_primer.Notes.IsEmpty)
        {
            _primerStyle.Measure(_primer.Notes);
            style = _primerStyle;
        }

        _steering.Configure(style);
        _steeringReady = true;
        _velocityStated = false;
    }

    // CTRL-style: recently started pitches have positive logits divided, negative ones multiplied.
    private void ApplyRepetitionGuard(Span<float> logits, ReadOnlySpan<bool> allowed)
    {
        var penalty = Settings.RepetitionPenalty;
        if (penalty <= 1)
        {
            return;
        }

        for (var p = 0; p < 128; p++)
        {
            var t = Vocabulary.NoteOn(p);
            if (allowed[t] && _grammar.IsRecent(p) && !float.IsNaN(logits[t]))
            {
                var value = logits[t];
                logits[t] = value > 0 ? value / penalty : value * penalty;
            }
        }
    }
}
