using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// The duet between a performer and the model: the one path from phrase to answer that <c>respond</c>, <c>adapt</c>,
/// <c>play</c>, the box and the evaluation all take. It keeps the performer's recent playing (bounded), cuts it into
/// phrases with the one boundary rule training uses, runs each phrase through the backbone once (live, while the
/// performer is still playing it: <see cref="HearSoFar"/>), adapts the adapter to the recent phrases (from the profile
/// or the meta-learned init), and answers the last call, primed from the state its phrase left in the backbone.
/// <para>Threads: the listening side (<see cref="Hear(IReadOnlyList{Note})"/>, <see cref="HearSoFar"/>, <see cref="Adapt"/>,
/// <see cref="Forget"/>, <see cref="EndSession"/>) belongs to one thread; the answering side
/// (<see cref="BeginAnswer"/>, <see cref="NextToken"/>, <see cref="Respond"/>) to another (or the same). They meet in
/// one immutable snapshot, so a newer adapter reaches only the next answer, never the middle of one.</para>
/// </summary>
public sealed class DuetSession : IAnswerVoice
{
    private readonly IFeatureBackbone _listening;
    private readonly IFeatureBackbone _playing;
    private readonly InnerLoop? _innerLoop;
    private readonly PerformerProfile? _profile;
    private readonly PerformanceTokenizer _tokenizer;
    private readonly PhraseSegmenter _segmenter;
    private readonly List<Note> _history = [];
    private readonly AdapterHead _head;
    private readonly AnswerStream _offline;
    private readonly AdapterRing _adapters;
    private SamplerSettings _sampler;
    private Generator _generator;
    private Dictionary<Phrase, PhraseFeatures> _features = new(PhraseContent.Comparer);   // the window's and the call's
    private Dictionary<Phrase, PhraseFeatures> _spareFeatures = new(PhraseContent.Comparer);   // what Listen fills next (the two swap)
    private HashSet<PhraseFeatures> _adaptedOn = new(ReferenceEqualityComparer.Instance);
    private HashSet<PhraseFeatures> _spareAdaptedOn = new(ReferenceEqualityComparer.Instance);
    private readonly List<PhraseFeatures> _window = [];
    private readonly List<PhraseFeatures> _retired = [];   // left the window; released once no answer can prime from them
    private readonly BlockBuffers _blocks;   // the block arrays of the listening thread's runs
    private readonly PhraseBuffers _phraseBuffers;   // the arrays of the phrases' features (the listening thread's)
    private readonly SegmentScratch _cut = new();   // Hear's cuts of the kept playing
    private readonly SegmentScratch _cutSoFar = new();   // HearSoFar's cuts of the turn being played
    private HashSet<Phrase> _phrasesCut = new(PhraseContent.Comparer);   // the phrases of the last Hear's cut, returned again by the next cuts
    private HashSet<Phrase> _sparePhrasesCut = new(PhraseContent.Comparer);
    private readonly List<Phrase> _phrases = [];   // Hear's phrases, handed to Listen
    private readonly List<Note> _heard = [];   // Hear's notes of the turn, sorted and on the session's clock
    private readonly List<Note> _callNotes = [];
    private readonly List<Phrase> _stylePhrases = [];
    private readonly StyleWork _styleWork = new();
    private readonly List<int> _callTokens = [];
    private int[] _callPitches = [];
    private List<FeatureRun> _runs = [];   // backbone runs started on the turn being played (HearSoFar)
    private List<FeatureRun> _spareRuns = [];   // the list HearSoFar fills next (the two swap)
    private int[] _positions = [];   // BOS + the known tokens of a phrase heard ahead (HearSoFar's)
    private readonly List<Note> _soFar = [];   // the playing HearSoFar cuts (its own, refilled on every call)
    private float[] _supportFeatures = [];   // every adaptation's support is gathered here (the listening thread's)
    private int[] _supportTargets = [];
    private AdapterParameters? _lastAdapted;
    private DuetState _state;
    private double? _origin;
    private int _headVersion;
    private int _phrasesHeard;
    private int _lastStretch;   // index in _history where its last stretch after a rest begins (HearSoFar re-cuts from there)

    /// <summary>Creates a duet.</summary>
    /// <param name="listening">Backbone for the performer's phrases (the listening thread's).</param>
    /// <param name="playing">Backbone for the answer (the playing thread's); may be the same object when one thread does both.</param>
    /// <param name="start">Where every adaptation starts: the performer's profile or the meta-learned init (copied).</param>
    /// <param name="innerLoop">The model's inner loop (shared, not owned: the caller disposes it); null never adapts (the unadapted model).</param>
    /// <param name="sampler">Sampling settings of the answers (seed, temperature, ...).</param>
    /// <param name="settings">Phrasing, bounds and register following.</param>
    /// <param name="profile">The performer's profile, folded forward by online Reptile in <see cref="EndSession"/>; null for none.</param>
    /// <exception cref="ArgumentException">The adapter does not fit the backbones, or a setting is out of range.</exception>
    public DuetSession(IFeatureBackbone listening, IFeatureBackbone playing, AdapterParameters start, InnerLoop? innerLoop,
        SamplerSettings? sampler = null, DuetSettings? settings = null, PerformerProfile? profile = null)
    {
        ArgumentNullException.ThrowIfNull(listening);
        ArgumentNullException.ThrowIfNull(playing);
        ArgumentNullException.ThrowIfNull(start);
        if (start.FeatureSize != listening.FeatureSize || start.FeatureSize != playing.FeatureSize || start.VocabularySize != Vocabulary.Size)
        {
            throw new ArgumentException($"The adapter [V={start.VocabularySize}, F={start.FeatureSize}] does not fit backbones of F={listening.FeatureSize}/{playing.FeatureSize} and vocabulary {Vocabulary.Size}.", nameof(start));
        }

        Settings = settings ?? new DuetSettings();
        Settings.Validate();
        _listening = listening;
        _playing = playing;
        Start = start.Clone();
        _innerLoop = innerLoop;
        _profile = profile;
        _tokenizer = new PerformanceTokenizer();
        _segmenter = new PhraseSegmenter(_tokenizer, Settings.Phrases);
        _sampler = sampler ?? new SamplerSettings();
        _head = new AdapterHead(Start);
        _generator = new Generator(_playing, _head, new Sampler(_sampler));
        _offline = new AnswerStream(Settings.MaxAnswerTokens);
        _adapters = new AdapterRing(Start);
        _blocks = new BlockBuffers(_listening.FeatureSize, _listening.StateSize);
        _phraseBuffers = new PhraseBuffers(_listening.FeatureSize, _listening.StateSize, Settings.Phrases.MaxEvents + 1);
        _cut.Known = tokens => KnownPhrase(tokens);
        _cutSoFar.Known = _cut.Known;
        _state = new DuetState(Start, 0, null, 0, 60);
    }

    /// <summary>Phrasing, bounds and register following.</summary>
    public DuetSettings Settings { get; }

    /// <summary>The adapter every adaptation starts from (the profile or the meta-learned init).</summary>
    public AdapterParameters Start { get; }

    /// <summary>
    /// The adaptation window: the recent phrases with their features (oldest first). The list and its phrases' features
    /// are the duet's own, reused as it hears on: read them before the next <c>Hear</c> or <see cref="Forget"/>.
    /// </summary>
    public IReadOnlyList<PhraseFeatures> Window => _window;

    /// <summary>The adapter of the latest adaptation, or null when none ran since the start or <see cref="Forget"/>.</summary>
    public AdapterParameters? LastAdapted => _lastAdapted;

    /// <summary>The adapter an answer starting now plays with, and its version (0 = <see cref="Start"/>).</summary>
    public (AdapterParameters Adapter, int Version) Current
    {
        get
        {
            var state = Volatile.Read(ref _state);   // one snapshot: adapter and version always belong together
            return (state.Adapter, state.AdapterVersion);
        }
    }

    /// <summary>Distinct phrases adapted on this session (what the profile counts as phrases seen).</summary>
    public int PhrasesHeard => _phrasesHeard;

    /// <summary>The performer's style over the recent phrases (register, texture, dynamics, pulse), or null before any note.</summary>
    public PerformerStyle? Style => Volatile.Read(ref _state).Style;

    /// <summary>Length of the last call in seconds.</summary>
    public double CallSeconds => Volatile.Read(ref _state).CallSteps * Vocabulary.TimeStepSeconds;

    /// <summary>
    /// Hears the performer: <paramref name="notes"/> on their clock in seconds (a live turn, or a whole file). The call
    /// is what follows the last rest in these notes. Keeps at most <see cref="DuetSettings.MaxHistorySeconds"/> and
    /// <see cref="DuetSettings.MaxHistoryNotes"/> of playing, cuts it into phrases, and computes features of phrases
    /// not seen before. Returns the number of phrases in the adaptation window.
    /// </summary>
    /// <exception cref="ArgumentException">A note is invalid (pitch, times).</exception>
    public int Hear(IReadOnlyList<Note> notes)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var heard = _heard;
        heard.Clear();
        for (var i = 0; i < notes.Count; i++)   // by index: a foreach over the interface would box its enumerator
        {
            if (_tokenizer.Takes(notes[i]))
            {
                heard.Add(notes[i]);
            }
        }

        if (heard.Count == 0)
        {
            return _window.Count;
        }

        heard.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        // The session's clock starts at its first onset, so that the 10 ms grid falls the same way live and offline.
        _origin ??= heard[0].Start;
        var origin = _origin.Value;
        for (var i = 0; i < heard.Count; i++)
        {
            heard[i] = heard[i] with { Start = heard[i].Start - origin, End = Math.Max(heard[i].End, heard[i].Start) - origin };
        }

        _history.AddRange(heard);
        _history.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        _history.RemoveRange(0, TrimmedStart(_history));

        // The call: what follows the last rest of this turn, its length in steps as it encodes, and its median pitch.
        var call = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(heard)[_segmenter.LastCallStart(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(heard))..];
        _callNotes.Clear();
        _callNotes.AddRange(call);
        var quantized = _cut.Quantized;
        _tokenizer.Quantize(_callNotes, _cut.Kept, quantized);
        _callTokens.Clear();
        PerformanceTokenizer.EncodeQuantized(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(quantized), quantized[0].OnStep, int.MaxValue, _callTokens, ref _cut.Events);
        var callSteps = 0;
        foreach (var t in _callTokens)
        {
            callSteps += Vocabulary.IsTimeShift(t) ? Vocabulary.StepsOf(t) : 0;
        }

        if (_callPitches.Length < call.Length)
        {
            _callPitches = new int[Math.Max(call.Length, 64)];
        }

        for (var i = 0; i < call.Length; i++)
        {
            _callPitches[i] = call[i].Pitch;
        }

        Array.Sort(_callPitches, 0, call.Length);
        var median = _callPitches[call.Length / 2];

        // One cut gives the phrases and where the last stretch after a rest begins (HearSoFar re-cuts from there).
        // Phrases cut before come back as the same objects (KnownPhrase), so a warm cut allocates only the new ones.
        var cut = _segmenter.SegmentInto(_history, keepShortLast: true, _cut, out var lastStretch);
        _phrases.Clear();
        var phrasesCut = _sparePhrasesCut;
        phrasesCut.Clear();
        foreach (var (phrase, _) in cut)
        {
            _phrases.Add(phrase);
            phrasesCut.Add(phrase);
        }

        (_sparePhrasesCut, _phrasesCut) = (_phrasesCut, phrasesCut);
        _lastStretch = _history.Count;
        while (_lastStretch > 0 && PerformanceTokenizer.ToStep(_history[_lastStretch - 1].Start, nameof(notes)) >= lastStretch)
        {
            _lastStretch--;
        }

        Listen(_phrases, callSteps, median, _phrases.Count > 0 && _phrases[^1].Length < Settings.Phrases.MinEvents);
        return _window.Count;
    }

    /// <summary>
    /// Hears a turn the performer is still playing (<paramref name="notes"/> so far, keys still down ending at
    /// <paramref name="heardUntil"/>, on the same clock as <see cref="Hear(IReadOnlyList{Note})"/>), so that the backbone
    /// runs while the performer plays and the turn's <see cref="Hear(IReadOnlyList{Note})"/> has only its last few
    /// tokens left to run. Only tokens that can no longer change are run: those of events before
    /// <paramref name="heardUntil"/> (a note's release and the TIME_SHIFT after an event are known only once the next
    /// event is). The phrases are cut as <see cref="Hear(IReadOnlyList{Note})"/> will cut them (the same segmenter over
    /// the same playing); what it runs is kept by tokens, so a guess that the end of the turn overturns (a phrase cut
    /// elsewhere) only costs a rerun, never different features. Nothing else changes: the window, the call and the
    /// answer wait for <see cref="Hear(IReadOnlyList{Note})"/>. Returns the positions whose features are now computed ahead.
    /// </summary>
    /// <exception cref="ArgumentException">A note is invalid (pitch, times).</exception>
    public int HearSoFar(IReadOnlyList<Note> notes, double heardUntil)
    {
        ArgumentNullException.ThrowIfNull(notes);
        var heard = 0;   // the notes taken are not sorted or copied here: the playing is, below, and then cut
        var first = double.PositiveInfinity;
        for (var i = 0; i < notes.Count; i++)   // by index: a foreach over the interface would box its enumerator
        {
            var n = notes[i];
            if (_tokenizer.Takes(n))
            {
                heard++;
                first = Math.Min(first, n.Start);
            }
        }

        if (heard == 0)
        {
            return 0;
        }

        // Each call re-cuts the playing from the last stretch of the kept playing that began at a rest: the earlier
        // phrases were heard and computed when their turns ended, and this stretch on is cut as the whole would be
        // (PhraseSegmenter.SegmentWithOrigins). Re-cutting all of the kept playing on every call, as before, allocated
        // its notes and phrases again for each note played, most of what a session allocated. With more than
        // MaxNotesHeardAhead to re-cut (a flood of notes, minutes of playing without a rest) that is the expensive
        // part, so the turn is heard only when it ends, exactly as before.
        var stretch = _history.Count - _lastStretch;
        if (stretch + heard > Settings.MaxNotesHeardAhead)
        {
            return 0;
        }

        // What Hear will see from there if the turn ends now: that stretch + these notes, trimmed by the same rule.
        var origin = _origin ?? first;
        var playing = _soFar;
        playing.Clear();
        playing.AddRange(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_history)[_lastStretch..]);
        for (var i = 0; i < notes.Count; i++)
        {
            var n = notes[i];
            if (_tokenizer.Takes(n))
            {
                playing.Add(n with { Start = n.Start - origin, End = Math.Max(n.End, n.Start) - origin });
            }
        }

        playing.Sort(static (a, b) => a.Start.CompareTo(b.Start));
        playing.RemoveRange(0, TrimmedStart(playing));
        var horizon = PerformanceTokenizer.ToStep(heardUntil - origin, nameof(heardUntil));
        var phrases = _segmenter.SegmentInto(playing, keepShortLast: true, _cutSoFar, out _);
        var runs = _spareRuns;
        runs.Clear();
        var ahead = 0;
        for (var i = Math.Max(0, phrases.Count - Settings.PhrasesToAdapt - 1); i < phrases.Count; i++)
        {
            var (phrase, originStep) = phrases[i];
            if (_features.ContainsKey(phrase))
            {
                continue;   // an earlier phrase, computed when it ended
            }

            // BOS + the known tokens: a run computes whole blocks only, so with less than a block known there is
            // nothing to run yet (and no run to make).
            var known = KnownTokens(phrase.Tokens, originStep, horizon);
            if (known + 1 < FeatureRun.BlockPositions)
            {
                continue;
            }

            if (_positions.Length < known + 1)
            {
                _positions = new int[Math.Max(known + 1, Settings.Phrases.MaxEvents + 1)];
            }

            var positions = _positions.AsSpan(0, known + 1);
            FeatureRun.Positions(phrase.Tokens.AsSpan(0, known), positions);
            var run = BestRun(_runs, runs, positions) ?? new FeatureRun(_blocks);
            run.Extend(_listening, positions);
            runs.Add(run);
            ahead += run.Computed;
        }

        // The runs not taken on (their phrases were heard, or the cut moved) give their blocks back.
        foreach (var run in _runs)
        {
            if (!runs.Contains(run))
            {
                run.Release();
            }
        }

        _spareRuns = _runs;
        _spareRuns.Clear();
        _runs = runs;
        return ahead;
    }

    /// <summary>
    /// Hears phrases already cut (the evaluation's support set): they join the window as they are, the last one is
    /// the call. Returns the number of phrases in the adaptation window.
    /// </summary>
    public int Hear(IReadOnlyList<Phrase> phrases)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        if (phrases.Count == 0)
        {
            return _window.Count;
        }

        var last = phrases[^1];
        var steps = last.Tokens.Where(Vocabulary.IsTimeShift).Sum(Vocabulary.StepsOf);
        var pitches = last.Tokens.Where(Vocabulary.IsNoteOn).Select(Vocabulary.PitchOf).Order().ToArray();
        var all = _window.Select(w => w.Phrase).Concat(phrases).ToArray();
        Listen(all, steps, pitches.Length == 0 ? 60 : pitches[pitches.Length / 2], shortLast: false);
        return _window.Count;
    }

    /// <summary>
    /// Adapts to the window (minus the last <paramref name="holdBack"/> phrases, which a caller may score) from
    /// <see cref="Start"/> with the model's inner loop, and publishes the result for the next answer. Null when the
    /// duet does not adapt or has no phrase yet. The result's adapter is one of the duet's three (<see cref="AdapterRing"/>):
    /// it stays as it is while it is <see cref="Current"/> and through the adaptation after it; <c>Clone</c> it to keep it longer.
    /// </summary>
    /// <exception cref="OperationCanceledException">Cancelled.</exception>
    public AdaptationResult? Adapt(int holdBack = 0, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(holdBack);
        var support = _window.Count - holdBack;
        if (_innerLoop is null || support <= 0)
        {
            return null;
        }

        var state = Volatile.Read(ref _state);
        var into = _adapters.Free(state.Adapter);
        var window = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_window)[..support];
        var result = _innerLoop.Adapt(Start, PhraseFeatures.Batch(window, ref _supportFeatures, ref _supportTargets), Settings.Budget, cancellationToken, into);
        _lastAdapted = result.Adapted;
        var adaptedOn = _spareAdaptedOn;
        adaptedOn.Clear();
        foreach (var phrase in window)
        {
            if (adaptedOn.Add(phrase) && !_adaptedOn.Contains(phrase))
            {
                _phrasesHeard++;
            }
        }

        (_spareAdaptedOn, _adaptedOn) = (_adaptedOn, adaptedOn);
        Interlocked.Exchange(ref _state, state with { Adapter = result.Adapted, AdapterVersion = state.AdapterVersion + 1 });   // full fence: see AdapterRing
        return result;
    }

    /// <summary>
    /// Makes at load what the first minutes of a live session would otherwise allocate, one large object at a time
    /// (each over 85,000 bytes, and their sum is what starts a full collection): the three adapters adaptations write,
    /// the support arrays for a full window (<see cref="DuetSettings.PhrasesToAdapt"/> phrases of
    /// <see cref="SegmenterOptions.MaxEvents"/> events) and the inner loop's work buffers for it.
    /// </summary>
    public void PrepareToPlay()
    {
        if (_innerLoop is null)
        {
            return;
        }

        var rows = Settings.PhrasesToAdapt * (Settings.Phrases.MaxEvents + 1);   // BOS + events per phrase
        if (_supportTargets.Length < rows)
        {
            _supportFeatures = new float[rows * Start.FeatureSize];
            _supportTargets = new int[rows];
        }

        _adapters.MakeAll();
        _phraseBuffers.Prepare(Settings.PhrasesToAdapt + 4);   // the window, the call, and phrases an answer may still prime from
        _innerLoop.Prepare(Start, rows);
    }

    /// <summary>Mean next-event NLL (nats) of <paramref name="adapter"/> on <paramref name="phrases"/> (BOS + events + EOS each).</summary>
    public float NegativeLogLikelihood(AdapterParameters adapter, IReadOnlyList<PhraseFeatures> phrases)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        if (_innerLoop is not null)
        {
            return _innerLoop.NegativeLogLikelihood(adapter, PhraseFeatures.Batch(phrases));
        }

        using var scoring = new InnerLoop(new InnerLoopSettings());
        return scoring.NegativeLogLikelihood(adapter, PhraseFeatures.Batch(phrases));
    }

    /// <summary>Forgets the performer (a visitor left): no playing, no phrases, answers from <see cref="Start"/> again.</summary>
    public void Forget()
    {
        _history.Clear();
        _lastStretch = 0;
        _phrasesCut.Clear();
        _window.Clear();
        ReleaseRuns();
        _adaptedOn.Clear();
        _lastAdapted = null;
        _origin = null;
        var state = Volatile.Read(ref _state);
        Interlocked.Exchange(ref _state, new DuetState(Start, state.AdapterVersion + 1, null, 0, 60, null));   // full fence: see Retire
        _spareFeatures.Clear();
        Retire(_features, _spareFeatures);
        _features.Clear();
    }

    /// <summary>
    /// Ends the session: the profile moves toward the session's adapter by online Reptile (ε from the model). Null when
    /// there is no profile or nothing was adapted; the caller saves the result.
    /// </summary>
    public PerformerProfile? EndSession(DateTimeOffset now) =>
        _profile is null || _lastAdapted is null ? null : _profile.AfterSession(_lastAdapted, _phrasesHeard, now);

    /// <summary>
    /// The sampling temperature of the answers (playing thread): one live setting, changed without rebuilding the
    /// generator, so the musical context and the random stream carry on (range in <see cref="TokenDraw"/>).
    /// </summary>
    public float Temperature
    {
        get => _generator.Sampler.Temperature;
        set
        {
            if (value != _generator.Sampler.Temperature)
            {
                _generator.Sampler.Temperature = value;
                _sampler = _sampler with { Temperature = value };
            }
        }
    }

    /// <summary>
    /// Starts an answer on the playing thread: takes the newest adapter, primes the answer from the call's phrase
    /// (its carried state, not a second pass through the backbone) and plans its length: the call's length times
    /// <paramref name="length"/>, at most <see cref="DuetSettings.MaxAnswerSeconds"/>; <paramref name="endless"/> plays until stopped.
    /// </summary>
    public AnswerPlan BeginAnswer(double length = 1.0, bool endless = false)
    {
        var state = _adapters.Play(ref _state);   // announces the adapter taken, so no adaptation overwrites it while it plays
        if (state.AdapterVersion != _headVersion)
        {
            _head.Swap(state.Adapter);
            _headVersion = state.AdapterVersion;
        }

        // Steered toward the performer's recent phrases (register, texture, dynamics, pulse), not only the primer's.
        _generator.Sampler.Steer(state.Style);
        if (state.Primer is { } primer)
        {
            _generator.Prime(primer.Phrase.Tokens, primer.FinalState, primer.LastFeatures);
        }
        else
        {
            _generator.Prime([]);
        }

        return AnswerPlan.For(state.CallSteps, length, endless, Settings.FollowRegister && state.Primer is not null ? state.CallMedianPitch : null, state.AdapterVersion, Settings);
    }

    /// <inheritdoc/>
    public int NextToken() => _generator.Next();

    /// <inheritdoc/>
    public void Continue() => _generator.Prime([]);

    /// <inheritdoc/>
    public void RingOut() => _generator.Sampler.RingingOut = true;

    /// <summary>
    /// Answers the last call offline, through the same <see cref="AnswerStream"/> the live box plays: the tokens, and
    /// the notes as the box would play them (times from the answer's start).
    /// </summary>
    /// <param name="seed">Restart the random stream with this seed; null continues it.</param>
    /// <param name="length">Answer length as a multiple of the call's.</param>
    public Answer Respond(int? seed = null, double length = 1.0)
    {
        if (seed is { } s)
        {
            _sampler = _sampler with { Seed = s };
            _generator = new Generator(_playing, _head, new Sampler(_sampler));
        }

        var plan = BeginAnswer(length);
        _offline.Begin(this, plan);
        var notes = new List<Note>();
        while (_offline.MoveNext())
        {
            var e = _offline.Current;
            if (e.Kind == DecodedEventKind.NoteOff)
            {
                notes.Add(new Note(e.Pitch, e.Velocity, e.OnsetStep * Vocabulary.TimeStepSeconds, e.Step * Vocabulary.TimeStepSeconds));
            }
        }

        notes.Sort(static (a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : a.Pitch.CompareTo(b.Pitch));
        return new Answer(_offline.Tokens.ToArray(), notes, plan, _offline.OctaveShift);
    }

    // Phrases → window with features (computed once per distinct phrase), and a new snapshot for the next answer.
    private void Listen(IReadOnlyList<Phrase> phrases, int callSteps, int callMedian, bool shortLast)
    {
        var adaptable = shortLast ? phrases.Count - 1 : phrases.Count;
        var from = Math.Max(0, adaptable - Settings.PhrasesToAdapt);
        var features = _spareFeatures;
        features.Clear();
        _window.Clear();
        for (var i = from; i < adaptable; i++)
        {
            _window.Add(FeaturesOf(phrases[i], features));
        }

        var primer = phrases.Count == 0 ? null : FeaturesOf(phrases[^1], features);
        ReleaseRuns();
        // The style over the window, and the call when it is too short to be in it.
        _stylePhrases.Clear();
        foreach (var w in _window)
        {
            _stylePhrases.Add(w.Phrase);
        }

        if (primer is not null && !_window.Contains(primer))
        {
            _stylePhrases.Add(primer.Phrase);
        }

        var style = PerformerStyle.Of(_stylePhrases, _styleWork);
        var state = Volatile.Read(ref _state);
        Interlocked.Exchange(ref _state, state with { Primer = primer, CallSteps = callSteps, CallMedianPitch = callMedian, Style = style });   // full fence: see Retire
        (_spareFeatures, _features) = (_features, features);
        Retire(_spareFeatures, _features);
        _spareFeatures.Clear();
    }

    // A phrase's features, computed once per distinct phrase: known from the last turn, or the run started while it was
    // played finished (if its tokens match), into the duet's reused arrays.
    private PhraseFeatures FeaturesOf(Phrase phrase, Dictionary<Phrase, PhraseFeatures> features)
    {
        if (features.TryGetValue(phrase, out var known) || _features.TryGetValue(phrase, out known))
        {
            features[phrase] = known;
            return known;
        }

        if (_positions.Length < phrase.Length + 1)
        {
            _positions = new int[Math.Max(phrase.Length + 1, Settings.Phrases.MaxEvents + 1)];
        }

        var positions = _positions.AsSpan(0, phrase.Length + 1);
        FeatureRun.Positions(phrase.Tokens, positions);
        var computed = (BestRun(_runs, null, positions) ?? new FeatureRun(_blocks)).Complete(_listening, phrase, positions, _phraseBuffers);
        features[phrase] = computed;
        return computed;
    }

    // The phrases of `before` that `now` no longer holds are released (their arrays reused) once no answer can prime
    // from them: the playing side announces the state it takes before it re-checks that it is still the published one
    // (AdapterRing.Play), and the new state was published with a full fence before this reads the announcement, so a
    // phrase that is neither in the published state nor in the announced one can no longer be read by an answer.
    private void Retire(Dictionary<Phrase, PhraseFeatures> before, Dictionary<Phrase, PhraseFeatures> now)
    {
        foreach (var (phrase, old) in before)
        {
            if (!now.TryGetValue(phrase, out var kept) || !ReferenceEquals(kept, old))
            {
                _retired.Add(old);
            }
        }

        var playing = _adapters.Playing?.Primer;
        for (var i = _retired.Count - 1; i >= 0; i--)
        {
            if (!ReferenceEquals(_retired[i], playing))
            {
                _retired[i].Release();
                _retired.RemoveAt(i);
            }
        }
    }

    // A phrase of the last turn's cut with these tokens, so a re-cut returns it instead of a copy.
    private Phrase? KnownPhrase(ReadOnlySpan<int> tokens) =>
        _phrasesCut.GetAlternateLookup<ReadOnlySpan<int>>().TryGetValue(tokens, out var phrase) ? phrase : null;

    // The runs of the turn are done with (heard, or the performer forgotten): their blocks go back.
    private void ReleaseRuns()
    {
        foreach (var run in _runs)
        {
            run.Release();
        }

        _runs.Clear();
    }

    // The run of `runs` (if any; none already `taken`) that has computed the most of these positions already.
    private static FeatureRun? BestRun(List<FeatureRun> runs, List<FeatureRun>? taken, ReadOnlySpan<int> positions)
    {
        FeatureRun? best = null;
        var most = 0;
        foreach (var run in runs)
        {
            if (taken is not null && taken.Contains(run))
            {
                continue;
            }

            var matching = run.Matching(positions);
            if (matching > most)
            {
                (best, most) = (run, matching);
            }
        }

        return best;
    }

    // How many of a phrase's tokens can no longer change once everything before step `horizon` was heard: up to its
    // last event before the horizon (a TIME_SHIFT belongs to the event after it, which must be known).
    private static int KnownTokens(int[] tokens, int originStep, int horizon)
    {
        var step = originStep;
        var known = 0;
        for (var i = 0; i < tokens.Length; i++)
        {
            if (Vocabulary.IsTimeShift(tokens[i]))
            {
                step += Vocabulary.StepsOf(tokens[i]);
                continue;
            }

            if (step >= horizon)
            {
                break;
            }

            known = i + 1;
        }

        return known;
    }

    // Where playing beyond the bounds is let go (notes sorted by onset), at a rest when there is one, so phrasing
    // restarts where a phrase would.
    private int TrimmedStart(List<Note> notes)
    {
        var latest = notes[^1].Start;
        var cut = Math.Max(0, notes.Count - Settings.MaxHistoryNotes);
        while (cut < notes.Count && notes[cut].Start < latest - Settings.MaxHistorySeconds)
        {
            cut++;
        }

        if (cut == 0)
        {
            return 0;
        }

        var soundingUntil = double.NegativeInfinity;
        for (var i = 0; i < cut; i++)
        {
            soundingUntil = Math.Max(soundingUntil, notes[i].End);
        }

        for (var i = cut; i < notes.Count; i++)
        {
            if (notes[i].Start - soundingUntil >= Settings.Phrases.RestSeconds)
            {
                return i;
            }

            soundingUntil = Math.Max(soundingUntil, notes[i].End);
        }

        return cut;
    }
}
