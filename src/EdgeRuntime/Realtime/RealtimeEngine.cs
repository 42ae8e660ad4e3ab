using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The live duet. Input messages go into a bounded queue; the control thread cuts them into phrases,
/// applies CC mappings, follows MIDI clock and decides when to answer; the adaptation thread adapts the
/// responder to the last phrases (off the playing path, swapped in by the responder); the generator thread
/// runs ahead into the lookahead buffer; the output thread plays it on time. Every exit path (stop, mode
/// change, panic, performer interrupting, input device loss, dispose) releases every sounding note.
/// </summary>
public sealed class RealtimeEngine : IDisposable
{
    private readonly IResponder _responder;
    private readonly IMidiOutput _output;
    private readonly IClock _clock;
    private readonly Action<string> _log;
    private readonly LookaheadBuffer _input;
    private readonly Lock _inputGate = new();
    private readonly Dictionary<int, EngineParameter> _controlMap;
    private readonly PhraseCapture _capture;
    private readonly ClockFollower _clockFollower;
    private readonly List<CapturedPhrase> _history = [];
    private readonly List<IMidiInput> _inputs = [];
    private readonly AutoResetEvent _inputSignal = new(false);
    private readonly AutoResetEvent _adaptSignal = new(false);
    private readonly OutputScheduler _scheduler;
    private readonly ResponseGenerator _generator;
    private readonly Thread _controlThread;
    private readonly Thread _adaptThread;
    private volatile bool _stopping;
    private volatile int _mode;
    private int _learnParameter = -1;
    private IReadOnlyList<CapturedPhrase>? _adaptRequest;
    private int _adaptTicket;
    private int _adaptedTicket;
    private volatile bool _forgetRequested;   // any thread → control thread
    private volatile bool _forgetResponder;   // control thread → adaptation thread
    private long _droppedInput;
    private long _lastInput;
    private bool _visitorPresent;
    private int _phrasesCaptured;
    private int _phrasesLearned;
    private double _lastAdaptationMs = double.NaN;
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
        if (settings.ResponseDelaySeconds < 0 || settings.PhrasesToAdapt < 1 || settings.LookaheadSeconds <= 0)
        {
            throw new ArgumentException("Engine settings: ResponseDelaySeconds must be >= 0, PhrasesToAdapt >= 1 and LookaheadSeconds > 0.", nameof(settings));
        }

        _responder = responder;
        _output = output;
        _clock = clock ?? MonotonicClock.Instance;
        _log = log ?? (_ => { });
        Settings = settings;
        Recorder = recorder;
        _mode = (int)settings.Mode;
        _input = new LookaheadBuffer(settings.InputQueueCapacity);
        _controlMap = new Dictionary<int, EngineParameter>(settings.ControlMappings);
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
        _scheduler = new OutputScheduler(_clock, output, recorder: recorder);
        _scheduler.SetClockOut(settings.ClockOutBpm);
        _generator = new ResponseGenerator(responder, _scheduler, _clock, Controls, settings, TimeScale, ticket => Volatile.Read(ref _adaptedTicket) >= ticket);
        _generator.Failed += ex =>
        {
            _scheduler.CancelAndRelease();
            _log($"answer abandoned, all notes off: {ex.Message}");
        };
        _adaptThread = new Thread(AdaptLoop) { IsBackground = true, Name = "adaptation", Priority = ThreadPriority.BelowNormal };
        _controlThread = new Thread(ControlLoop) { IsBackground = true, Name = "engine control" };
        _adaptThread.Start();
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

    /// <summary>True when nothing is being generated, queued or sounding.</summary>
    public bool IsIdle => !_generator.Busy && _scheduler.Buffer.Count == 0 && _scheduler.Sounding.Count == 0;

    /// <summary>Raised on the control thread for each phrase the performer finished.</summary>
    public event Action<CapturedPhrase>? PhraseCaptured;

    /// <summary>Raised on the adaptation thread after each adaptation with its duration in ms.</summary>
    public event Action<double>? Adapted;

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
        Volatile.Read(ref _phrasesLearned),
        Volatile.Read(ref _lastAdaptationMs),
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

        if (message.IsNoteOn)
        {
            _inputSignal.Set();
        }
    }

    /// <summary>Stops any answer and releases every sounding note now.</summary>
    public void Panic()
    {
        _scheduler.CancelAndRelease();
        _log("panic: all notes off");
    }

    /// <summary>Maps the next CC the performer moves to <paramref name="parameter"/>.</summary>
    public void LearnControl(EngineParameter parameter)
    {
        Volatile.Write(ref _learnParameter, (int)parameter);
        _log($"learn: move a controller to map it to {parameter}");
    }

    /// <summary>The current CC mappings.</summary>
    public IReadOnlyDictionary<int, EngineParameter> ControlMappings
    {
        get
        {
            lock (_controlMap)
            {
                return new Dictionary<int, EngineParameter>(_controlMap);
            }
        }
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

        _scheduler.CancelAndRelease();
        _inputSignal.Set();
        _adaptSignal.Set();
        _controlThread.Join(TimeSpan.FromSeconds(2));
        _generator.Dispose();
        _scheduler.Dispose();
        _adaptThread.Join(TimeSpan.FromSeconds(5));
        _output.StatusChanged -= OnOutputStatus;
        _inputSignal.Dispose();
        _adaptSignal.Dispose();
    }

    private double TimeScale() =>
        Settings.FollowClock && _clockFollower.Bpm is { } bpm && bpm > 20 ? Settings.ReferenceBpm / bpm : 1.0;

    private void ControlLoop()
    {
        while (!_stopping)
        {
            _inputSignal.WaitOne(2);
            while (_input.TryPeek(out var item))
            {
                _input.Advance();
                Handle(item.Message);
            }

            if (_forgetRequested)
            {
                // History and capture belong to this thread; the responder is reset on the adaptation thread.
                _forgetRequested = false;
                _history.Clear();
                _capture.Clear();
                Volatile.Write(ref _adaptRequest, null);
                _forgetResponder = true;
                _adaptSignal.Set();
            }

            var now = _clock.Now;
            _clockFollower.Check(now);
            var phrase = _capture.Poll(now);
            if (phrase is not null)
            {
                OnPhrase(phrase);
            }

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

        if (!message.IsChannelMessage)
        {
            return;
        }

        _lastInput = message.Timestamp;
        _visitorPresent = true;
        Recorder?.Record(message.Timestamp, message, SessionRecorder.PerformerTrack);
        if (message.IsControlChange && HandleControl(message))
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
    }

    // Returns true when the CC was consumed as a control (not musical input).
    private bool HandleControl(in MidiMessage message)
    {
        var learning = Interlocked.Exchange(ref _learnParameter, -1);
        if (learning >= 0 && message.Data1 != MidiMessage.SustainController)
        {
            lock (_controlMap)
            {
                _controlMap[message.Data1] = (EngineParameter)learning;
            }

            _log($"learn: CC {message.Data1} → {(EngineParameter)learning}");
            return true;
        }

        if (learning >= 0)
        {
            Volatile.Write(ref _learnParameter, learning);
        }

        EngineParameter parameter;
        lock (_controlMap)
        {
            if (!_controlMap.TryGetValue(message.Data1, out parameter))
            {
                return false;
            }
        }

        if (parameter == EngineParameter.Panic)
        {
            if (message.Data2 >= 64)
            {
                Panic();
            }
        }
        else
        {
            Controls.Apply(parameter, message.Data2);
        }

        return true;
    }

    private void OnPhrase(CapturedPhrase phrase)
    {
        Interlocked.Increment(ref _phrasesCaptured);
        _history.Add(phrase);
        if (_history.Count > Settings.PhrasesToAdapt)
        {
            _history.RemoveAt(0);
        }

        var ticket = Interlocked.Increment(ref _adaptTicket);
        Volatile.Write(ref _adaptRequest, _history.ToArray());
        _adaptSignal.Set();
        PhraseCaptured?.Invoke(phrase);

        var mode = Mode;
        if (mode == EngineMode.LearnOnly)
        {
            return;
        }

        var start = phrase.EndTicks + (long)(Settings.ResponseDelaySeconds * _clock.Frequency);
        var duration = mode == EngineMode.Continue ? long.MaxValue : (long)(phrase.Duration * _clock.Frequency);
        _generator.Request(new ResponseRequest(phrase, start, Math.Max(duration, _clock.Frequency / 10), _scheduler.Generation, ticket));
    }

    private void AdaptLoop()
    {
        while (!_stopping)
        {
            _adaptSignal.WaitOne(100);
            if (_forgetResponder)
            {
                _forgetResponder = false;
                _responder.Forget();
            }

            var ticket = Volatile.Read(ref _adaptTicket);
            var phrases = Interlocked.Exchange(ref _adaptRequest, null);
            if (phrases is null)
            {
                continue;
            }

            try
            {
                var started = Stopwatch.GetTimestamp();
                _responder.Adapt(phrases, CancellationToken.None);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                Volatile.Write(ref _lastAdaptationMs, ms);
                Interlocked.Increment(ref _phrasesLearned);
                Adapted?.Invoke(ms);
            }
            catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or InvalidDataException)
            {
                _log($"adaptation failed, keeping the previous adapter: {ex.Message}");
            }
            finally
            {
                Volatile.Write(ref _adaptedTicket, ticket);
            }
        }
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
