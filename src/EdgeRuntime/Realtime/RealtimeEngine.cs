using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The live duet. Input messages go into a bounded queue; the control thread cuts them into phrases,
/// applies CC mappings, follows MIDI clock and decides when to answer; the adaptation thread adapts the
/// responder to the last phrases (off the playing path, swapped in by the responder) and, while the performer
/// plays, hears the turn so far (the duet runs the backbone over it then); the generator thread
/// runs ahead into the lookahead buffer; the output thread plays it on time. Every exit path (stop, mode
/// change, panic, performer interrupting, input device loss, dispose) releases every sounding note.
/// </summary>
public sealed class RealtimeEngine : IDisposable
{
    private readonly IResponder _responder;
    private readonly GuardedOutput _output;   // a port that throws must not end the output thread
    private readonly IClock _clock;
    private readonly Action<string> _log;
    private readonly LookaheadBuffer _input;
    private readonly Lock _inputGate = new();
    private readonly PhraseCapture _capture;
    private readonly ClockFollower _clockFollower;
    private readonly List<IMidiInput> _inputs = [];
    private readonly AutoResetEvent _inputSignal = new(false);
    private readonly OutputScheduler _scheduler;
    private readonly ResponseGenerator _generator;
    private readonly AdaptationWorker _adaptation;
    private readonly EchoFilter? _echo;
    private readonly Thread _controlThread;
    private volatile bool _stopping;
    private volatile int _mode;
    private int _turnsSubmitted;
    private volatile bool _forgetRequested;   // any thread → control thread
    private long _droppedInput;
    private long _lastInput;
    private long _controlProgress;
    private bool _visitorPresent;
    private int _phrasesCaptured;
    private long _heardUntil = -1;        // the last note message of the phrase in progress not yet handed on as heard so far
    private bool _quietSoFarPending;      // hands off the keys: hand the turn on once more when every event is known
    private int _eventsNotHandedOn;       // note messages of the phrase in progress since the turn was last handed on
    private bool _disposed;

    /// <summary>Creates the engine and starts its threads.</summary>
    /// <param name="responder">The musical brain (the model, or a test responder).</param>
    /// <param name="output">Where answers go.</param>
    /// <param name="settings">Mode, capture, timing and mappings.</param>
    /// <param name="clock">Monotonic clock; <see cref="MonotonicClock"/> when null.</param>
    /// <param name="log">Where log lines go (device loss, mappings, forgetting); ignored when null.</param>
    /// <param name="recorder">Records input and answers when given.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public RealtimeEngine(IResponder responder, IMidiOutput output, EngineSettings settings, IClock? clock = null, Action<string>? log = null, SessionRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(responder);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(settings);
        if (!(settings.ResponseDelaySeconds >= 0) || !(settings.LookaheadSeconds > 0) || settings.MaxResponseTokens < 16 || !(settings.AdaptationStopTimeoutSeconds > 0))
        {
            throw new ArgumentException("Engine settings: ResponseDelaySeconds must be >= 0, LookaheadSeconds > 0, MaxResponseTokens >= 16 and AdaptationStopTimeoutSeconds > 0.", nameof(settings));
        }

        _responder = responder;
        _output = new GuardedOutput(output);
        _clock = clock ?? MonotonicClock.Instance;
        _log = log ?? (_ => { });
        Settings = settings;
        Recorder = recorder;
        _mode = (int)settings.Mode;
        _input = new LookaheadBuffer(settings.InputQueueCapacity);
        Controllers = new ControllerMap(settings.ControlMappings, _log);
        _capture = new PhraseCapture(settings.Capture, _clock.Frequency);
        _clockFollower = new ClockFollower(_clock.Frequency);
        Controls = new LiveControls
        {
            Temperature = settings.Temperature,
            ResponseLength = settings.ResponseLength,
            Transpose = settings.Transpose,
            OutputChannel = settings.OutputChannel,
        };
        _lastInput = _clock.Now;
        _output.StatusChanged += OnOutputStatus;
        _scheduler = new OutputScheduler(_clock, _output, recorder: recorder);
        _scheduler.SetClockOut(settings.ClockOutBpm);
        if (settings.EchoWindowSeconds is { } echoWindow)
        {
            _echo = new EchoFilter(echoWindow, _clock.Frequency);
            _scheduler.Sent += _echo.Sent;
        }
        _generator = new ResponseGenerator(responder, _scheduler, _clock, Controls, settings.LookaheadSeconds, settings.MaxResponseTokens, TimeScale);
        _generator.Failed += ex =>
        {
            _scheduler.CancelAndRelease();
            _log($"answer abandoned, all notes off: {ex.Message}");
        };
        _generator.AdapterChanged += plan => _log(plan.AdapterVersion == 0 ? "answering with the start adapter" : $"answering with adaptation #{plan.AdapterVersion}");
        _adaptation = new AdaptationWorker(responder, _log, TimeSpan.FromSeconds(settings.AdaptationStopTimeoutSeconds));
        _controlThread = new Thread(ControlLoop) { IsBackground = true, Name = "engine control" };
        _controlThread.Start();
    }

    public EngineSettings Settings { get; }

    /// <summary>Temperature, answer length, transposition and channel, changeable live.</summary>
    public LiveControls Controls { get; }

    /// <summary>The session recorder, if recording.</summary>
    public SessionRecorder? Recorder { get; }

    /// <summary>The output thread (latency and jitter logs, sounding notes).</summary>
    public OutputScheduler Output => _scheduler;

    /// <summary>Generation step durations.</summary>
    public LatencyLog StepLatency => _generator.StepLatency;

    /// <summary>Incoming notes ignored as echoes of the box's own (0 when echo protection is off).</summary>
    public long EchoesIgnored => _echo?.Ignored ?? 0;

    /// <summary>CC mappings and MIDI learn.</summary>
    public ControllerMap Controllers { get; }

    /// <summary>The tokens of the last answer as played (read when <see cref="IsIdle"/>).</summary>
    public int[] LastAnswerTokens => _generator.LastAnswerTokens;

    /// <summary>
    /// Liveness of the engine's threads for a watchdog: false when the control or adaptation thread has died.
    /// <see cref="Progress"/> advances while they make progress.
    /// </summary>
    public bool ThreadsAlive => _controlThread.IsAlive && _adaptation.IsAlive;

    /// <summary>How many times the turn being played was handed to the responder before it ended (work done ahead).</summary>
    public int TurnsHeardSoFar => _adaptation.HeardSoFar;

    /// <summary>
    /// After <see cref="Dispose"/>: true when every engine thread ended, so nothing runs on the responder any more and
    /// its native sessions may be disposed. False when one did not stop in time (a hung adaptation).
    /// </summary>
    public bool StoppedCleanly => _disposed && !_controlThread.IsAlive && !_generator.IsAlive && !_adaptation.IsAlive;

    /// <summary>Adaptations that failed (the previous adapter kept answering; each is logged).</summary>
    public int AdaptationFailures => _adaptation.Failures;

    /// <summary>A counter that advances while the control and adaptation threads make progress.</summary>
    public long Progress => Interlocked.Read(ref _controlProgress) + _adaptation.Progress;

    /// <summary>True when nothing is being generated, queued or sounding.</summary>
    public bool IsIdle => !_generator.Busy && _scheduler.Buffer.Count == 0 && _scheduler.Sounding.Count == 0;

    /// <summary>Raised on the control thread for each phrase the performer finished.</summary>
    public event Action<CapturedPhrase>? PhraseCaptured;

    /// <summary>Raised on the adaptation thread after each adaptation with its duration in ms.</summary>
    public event Action<double>? Adapted
    {
        add => _adaptation.Adapted += value;
        remove => _adaptation.Adapted -= value;
    }

    /// <summary>The mode; changing it stops any answer and releases every note.</summary>
    public EngineMode Mode
    {
        get => (EngineMode)_mode;
        set
        {
            if ((int)value != _mode)
            {
                _mode = (int)value;
                _scheduler.CancelAndRelease();
                _log($"mode: {value}");
            }
        }
    }

    /// <summary>A snapshot for the status line.</summary>
    public EngineStatus Status => new(
        Mode,
        Volatile.Read(ref _phrasesCaptured),
        _adaptation.Learned,
        _adaptation.LastMs,
        _generator.StepLatency.Last,
        Interlocked.Read(ref _droppedInput) + _inputs.Sum(i => i.Counters.DroppedBytes),
        _scheduler.Sounding.Count,
        _generator.Responses,
        _clockFollower.Bpm);

    /// <summary>Starts reading <paramref name="input"/>; its loss releases every note and is logged.</summary>
    public void Attach(IMidiInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        _inputs.Add(input);
        input.StatusChanged += OnInputStatus;
        input.Start(Accept);
    }

    /// <summary>Hands one input message to the engine (any thread; allocation-free). A full queue drops and counts it.</summary>
    public void Accept(MidiMessage message)
    {
        bool written;
        lock (_inputGate)
        {
            written = _input.TryWrite(new ScheduledEvent(message.Timestamp, message, 0));
        }

        if (!written)
        {
            Interlocked.Increment(ref _droppedInput);
            return;
        }

        if (message.IsNoteOn || message.IsControlChange)
        {
            // A note may cut the answer, a controller may end the phrase (marker) or move a control: handle at once.
            _inputSignal.Set();
        }
    }

    /// <summary>Stops any answer and releases every sounding note now.</summary>
    public void Panic()
    {
        _scheduler.CancelAndRelease();
        _log("panic: all notes off");
    }

    /// <summary>Forgets the visitor now (as the idle timeout does).</summary>
    public void Forget()
    {
        _forgetRequested = true;
        _inputSignal.Set();
    }

    /// <summary>Stops every thread and releases every sounding note (note-off each, CC 123 per channel used).</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _stopping = true;
        foreach (var input in _inputs)
        {
            input.StatusChanged -= OnInputStatus;
            input.Dispose();
        }

        // Ordered: no new input, no new answers, every note released, then the adaptation joined (cancelled), so the
        // caller may save the profile and dispose the model's sessions with nothing still running on them.
        _scheduler.CancelAndRelease();
        _inputSignal.Set();
        var controlStopped = _controlThread.Join(TimeSpan.FromSeconds(2));
        _generator.Dispose();
        _scheduler.Dispose();
        _adaptation.Dispose();
        _output.StatusChanged -= OnOutputStatus;
        _output.Dispose();
        if (controlStopped)
        {
            _inputSignal.Dispose();
        }
    }

    private double TimeScale() =>
        Settings.FollowClock && _clockFollower.Bpm is { } bpm && bpm > 20 ? Settings.ReferenceBpm / bpm : 1.0;

    private void ControlLoop()
    {
        // Phrase ends and answer requests are on the MIDI-in → answer path; the work per message is a few µs.
        RealtimePriority.TryElevateCurrentThread(RealtimePriority.ControlPriority);
        while (!_stopping)
        {
            _inputSignal.WaitOne(2);
            Interlocked.Increment(ref _controlProgress);
            while (_input.TryPeek(out var item))
            {
                _input.Advance();
                Handle(item.Message);
            }

            if (_forgetRequested)
            {
                // The capture belongs to this thread; the responder is reset on the adaptation thread, in order.
                _forgetRequested = false;
                _capture.Clear();
                _adaptation.Forget();
            }

            var now = _clock.Now;
            _clockFollower.Check(now);
            var phrase = _capture.Poll(now);
            if (phrase is not null)
            {
                OnPhrase(phrase);
            }

            HandOnSoFar(now);

            if (Settings.IdleForgetSeconds is { } idle && _visitorPresent && now - _lastInput > idle * _clock.Frequency)
            {
                _visitorPresent = false;
                _log($"idle for {idle:0.#} s: forgetting the visitor");
                Forget();
            }
        }
    }

    private void Handle(in MidiMessage message)
    {
        if (message.Status == MidiMessage.ClockStatus)
        {
            _clockFollower.Pulse(message.Timestamp);
            return;
        }

        if (!message.IsChannelMessage || (_echo?.IsEcho(message) ?? false))
        {
            return;
        }

        _lastInput = message.Timestamp;
        _visitorPresent = true;
        Recorder?.Record(message.Timestamp, message, SessionRecorder.PerformerTrack);
        if (message.IsControlChange && Controllers.Handle(message, Controls, Panic))
        {
            return;
        }

        if (message.IsNoteOn && message.Data1 != Settings.Capture.MarkerNote && (_generator.Busy || _scheduler.Buffer.Count > 0 || _scheduler.Sounding.Count > 0))
        {
            // The performer plays again: the box yields at once.
            _scheduler.CancelAndRelease();
        }

        var phrase = _capture.Accept(message);
        if (phrase is not null)
        {
            OnPhrase(phrase);
        }
        else if ((message.IsNoteOn || message.IsNoteOff) && _capture.InPhrase)
        {
            _heardUntil = message.Timestamp;
            _eventsNotHandedOn++;
        }
    }

    // While the performer plays, the adaptation thread is idle: after every few note messages, and whenever the hands
    // have been off the keys for a few steps (then even the last release and its TIME_SHIFT are known), it gets the
    // turn so far. It keeps only the latest, so a fast player costs no backlog.
    private void HandOnSoFar(long now)
    {
        if (!_capture.InPhrase)
        {
            _heardUntil = -1;
            _quietSoFarPending = false;
            _eventsNotHandedOn = 0;
            return;
        }

        if (_heardUntil >= 0)
        {
            _quietSoFarPending = true;   // whenever this batch goes on, the hands-off pass follows it
        }

        // A snapshot copies the turn so far, and the duet re-cuts it: each costs allocation in proportion to the turn.
        // The backbone runs the known tokens in blocks of 8 positions (FeatureRun), and a note message makes at least
        // one token, so handing the turn on after each message mostly re-cut the same blocks: in a soak that was most
        // of what play allocated. After EventsPerHandOn messages a block can be complete; the hands-off pass then
        // leaves the end of the turn no more to do than before. (A pass after every quiet 30 ms with a key still down,
        // as before, came after almost every message at a musician's pace.) While the adaptation thread is busy with the last
        // snapshot, a new one would only replace it (under a flood of notes, one copy per batch of messages, garbage
        // that pushed play past its memory budget), so the next pass hands on the newer turn.
        if (_heardUntil >= 0 && _eventsNotHandedOn >= EventsPerHandOn && !_adaptation.SoFarWaiting)
        {
            HandOnSoFarUntil(_heardUntil);
        }
        else if (_quietSoFarPending && !_capture.KeysDown && now - _lastInput >= QuietTicks)
        {
            HandOnSoFarUntil(now);
            _quietSoFarPending = false;
        }
    }

    private void HandOnSoFarUntil(long heardUntil)
    {
        _heardUntil = -1;
        _eventsNotHandedOn = 0;

        // Listening ahead is for phrases as people play them. A turn this long (a flood, an unbroken improvisation)
        // would have the duet re-cut and hold runs for hundreds of phrases it will never adapt on: that took a 10 s
        // flood's peak from 148 to 189 MB (scripts/flood-repro.sh). Such a turn is heard whole when it ends.
        if (_capture.NotesSoFar <= MaxNotesHeardAhead && _capture.SoFar(heardUntil) is { } soFar)
        {
            _adaptation.HearSoFar(soFar);
        }
    }

    /// <summary>Note messages after which the turn so far is handed on again while the performer plays (see <see cref="HandOnSoFar"/>).</summary>
    public const int EventsPerHandOn = 6;

    /// <summary>A turn is heard ahead while it has at most this many notes (the adaptation window is 8 phrases of at most 64 events).</summary>
    public const int MaxNotesHeardAhead = 512;

    // The hands-off pass: a quarter of the rest that ends a phrase (150 ms at the default 600 ms), so it comes in a
    // real pause, not in the gap between two detached notes (at 30 ms it came after nearly every note of a jig), and
    // leaves three quarters of the rest to run the last blocks. Never under 30 ms: three 10 ms steps after the last
    // message, so its event's step lies before the horizon.
    private long QuietTicks => (long)(_clock.Frequency * Math.Clamp(Settings.Capture.RestSeconds / 4, 0.03, 0.15));

    private void OnPhrase(CapturedPhrase phrase)
    {
        Interlocked.Increment(ref _phrasesCaptured);
        var ticket = ++_turnsSubmitted;
        _adaptation.Submit(phrase);
        PhraseCaptured?.Invoke(phrase);

        var mode = Mode;
        if (mode == EngineMode.LearnOnly)
        {
            return;
        }

        var start = phrase.EndTicks + (long)(Settings.ResponseDelaySeconds * _clock.Frequency);
        _generator.Request(new ResponseRequest(phrase, start, mode == EngineMode.Continue, _scheduler.Generation, ticket));
    }

    private void OnInputStatus(object? sender, MidiPortStatusEventArgs e)
    {
        if (!e.Connected)
        {
            _scheduler.CancelAndRelease();
            _log($"input '{e.PortName}' lost ({e.Reason}): all notes off; waiting for it to come back");
        }
        else
        {
            _log($"input '{e.PortName}' connected ({e.Reason})");
        }
    }

    private void OnOutputStatus(object? sender, MidiPortStatusEventArgs e)
    {
        _log(e.Connected ? $"output '{e.PortName}' connected ({e.Reason})" : $"output '{e.PortName}' lost ({e.Reason})");
        if (e.Connected)
        {
            _scheduler.CancelAndRelease();
        }
    }
}
