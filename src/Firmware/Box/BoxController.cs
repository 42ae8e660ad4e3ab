using System.Collections.Concurrent;
using EdgeMeta.Firmware.Devices.Leds;
using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Box;

/// <summary>
/// The box's brain, with no hardware and no clock of its own: gestures go in through <see cref="Handle(BoxControlEvent)"/> (any
/// thread), and <see cref="Tick"/> (the box loop, with the time) applies them, follows the engine's status into the
/// <see cref="BoxStateMachine"/>, keeps the engine in step with the state (Learn, Play, stopped), retries what is
/// missing and builds the <see cref="View"/> that the display and the LEDs show. Tests drive it with a fake engine
/// and made-up times.
/// </summary>
public sealed class BoxController
{
    private readonly IBoxEngine _engine;
    private readonly BoxControllerSettings _settings;
    private readonly Action<string> _log;
    private readonly ConcurrentQueue<BoxControlEvent> _controls = new();
    private BoxScreen _screen;
    private TimeSpan _screenSince;
    private int _menuIndex;
    private KnobParameter _knob;
    private bool _turnedWhilePushed;
    private string? _notice;
    private TimeSpan _noticeUntil;
    private TimeSpan _nextRetry;
    private string? _faultDetail;
    private BoxEngineStatus _last = BoxEngineStatus.Stopped;
    private int _answersAtPhrase;
    private TimeSpan _playingSince;
    private double _activity;
    private int _learned;
    private double _adaptationMs = double.NaN;
    private TimeSpan _lastTick;

    /// <param name="engine">The duet engine (fake in tests, <see cref="RuntimeBoxEngine"/> on the box).</param>
    /// <param name="settings">Start state, play mode, retry and menu timing.</param>
    /// <param name="log">The journal; ignored when null.</param>
    public BoxController(IBoxEngine engine, BoxControllerSettings settings, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentNullException.ThrowIfNull(settings);
        _engine = engine;
        _settings = settings;
        _log = log ?? (_ => { });
        Machine = new BoxStateMachine(settings.Start);
        Machine.PanicRequested += () => _engine.Panic();
        Machine.StateChanged += (from, to) => _log($"state: {from} -> {to}" + (to == BoxState.Fault ? $" ({Machine.LastFault})" : ""));
        View = BuildView(TimeSpan.Zero);
    }

    /// <summary>The state machine (read its state; the controller fires its inputs).</summary>
    public BoxStateMachine Machine { get; }

    /// <summary>What the display and LEDs show, as of the last <see cref="Tick"/>.</summary>
    public BoxView View { get; private set; }

    /// <summary>The full message of the current fault, for the journal and the simulator.</summary>
    public string? FaultDetail => Machine.State == BoxState.Fault ? _faultDetail : null;

    /// <summary>Queues a gesture (any thread); it takes effect at the next <see cref="Tick"/>.</summary>
    public void Handle(BoxControlEvent control) => _controls.Enqueue(control);

    /// <summary>Queues a gesture without knob data.</summary>
    public void Handle(BoxControl control) => Handle(new BoxControlEvent(control));

    /// <summary>One step of the box loop at monotonic time <paramref name="now"/>.</summary>
    public void Tick(TimeSpan now)
    {
        // Not open and no fault shown yet (power-on, or the input vanished while the box was stopped): try now.
        if (!_engine.IsOpen && Machine.State != BoxState.Fault && now >= _nextRetry)
        {
            TryOpen(now);
        }

        while (_controls.TryDequeue(out var control))
        {
            Apply(control, now);
        }

        if (Machine.State == BoxState.Fault && now >= _nextRetry)
        {
            Retry(now);
        }

        Follow(_engine.Status, now);
        Sync(now);
        CloseStale(now);
        View = BuildView(now);
        _lastTick = now;
    }

    /// <summary>Stops the engine (every note released, the session saved); for shutdown.</summary>
    public void Shutdown()
    {
        _engine.Stop();
        _log("box stopped: every note released");
    }

    private void TryOpen(TimeSpan now)
    {
        try
        {
            _engine.Open();
        }
        catch (BoxEngineException ex)
        {
            Fault(ex, now);
        }
    }

    private void Retry(TimeSpan now)
    {
        _nextRetry = now + _settings.Retry;
        if (!_engine.IsOpen)
        {
            TryOpen(now);
            if (!_engine.IsOpen)
            {
                return;
            }
        }

        if (_engine.Status.Problem is null)
        {
            Machine.Fire(BoxInput.Recovered);
        }
    }

    private void Fault(BoxEngineException ex, TimeSpan now)
    {
        _faultDetail = ex.Message;
        _nextRetry = now + _settings.Retry;
        Machine.Fire(BoxInput.Fault, ex.ShortMessage);
    }

    // Engine status → state machine inputs, in the order things happen within one tick.
    private void Follow(BoxEngineStatus status, TimeSpan now)
    {
        var dt = Math.Max(0, (now - _lastTick).TotalSeconds);
        var newNotes = Math.Max(0, status.NotesIn - _last.NotesIn);
        _activity = Math.Min(1, (_activity * Math.Exp(-dt / 0.5)) + (newNotes * 0.2));

        if (status.Problem is { } problem && Machine.State != BoxState.Fault)
        {
            _faultDetail = $"{problem}: the box waits for the device and resumes when it is back";
            _nextRetry = now + _settings.Retry;
            Machine.Fire(BoxInput.Fault, problem);
        }

        if (status.Running && _last.Running)
        {
            if (newNotes > 0 && Machine.State == BoxState.Playing)
            {
                Machine.Fire(BoxInput.NoteReceived);
            }

            if (status.PhrasesCaptured > _last.PhrasesCaptured)
            {
                _log($"phrase {status.PhrasesCaptured} captured");
                _answersAtPhrase = _last.Answers;   // an answer counted in this same tick belongs to this phrase
                Machine.Fire(BoxInput.PhraseCaptured);
            }

            if (status.PhrasesLearned > _last.PhrasesLearned)
            {
                _log(FormattableString.Invariant($"adapted in {status.LastAdaptationMs:0.0} ms ({status.PhrasesLearned} learned this session)"));
                if (Machine.Fire(BoxInput.AdaptationFinished))
                {
                    _playingSince = now;
                }
            }

            // An answer is over once it has started and nothing sounds any more; an answer that never starts
            // (the model ended it at once) must not hold the box in Playing either.
            if (Machine.State == BoxState.Playing && !status.Answering
                && (status.Answers > _answersAtPhrase || now - _playingSince > TimeSpan.FromSeconds(2)))
            {
                Machine.Fire(BoxInput.ResponseFinished);
            }
        }

        if (status.Running)
        {
            // Kept after the engine stops, so the display still says what the last session learned.
            _learned = status.PhrasesLearned;
            _adaptationMs = double.IsNaN(status.LastAdaptationMs) ? _adaptationMs : status.LastAdaptationMs;
        }

        _last = status;
    }

    // Keeps the engine doing what the state says.
    private void Sync(TimeSpan now)
    {
        var state = Machine.State;
        if (state == BoxState.Fault || !_engine.IsOpen)
        {
            return;
        }

        var status = _engine.Status;
        bool changed = true;
        try
        {
            switch (state)
            {
                case BoxState.Idle when status.Running:
                    _engine.Stop();
                    break;
                case BoxState.Learning when !status.Running || status.Mode != BoxPlayMode.Learn:
                    _engine.Start(BoxPlayMode.Learn);
                    break;
                case BoxState.Listening or BoxState.Adapting or BoxState.Playing when !status.Running || status.Mode != _settings.PlayMode:
                    _engine.Start(_settings.PlayMode);
                    break;
                default:
                    changed = false;
                    break;
            }
        }
        catch (BoxEngineException ex)
        {
            Fault(ex, now);
        }

        if (changed)
        {
            // A new session counts from zero; compare the next status with this one, not with the old session's.
            _last = _engine.Status with { NotesIn = _last.NotesIn };
        }
    }

    private void Apply(BoxControlEvent control, TimeSpan now)
    {
        if (_screen != BoxScreen.Status)
        {
            _screenSince = now;
        }

        switch (_screen, control.Control)
        {
            case (BoxScreen.ConfirmClear, BoxControl.ClearPress):
                _screen = BoxScreen.Status;
                ClearProfile(now);
                return;
            case (BoxScreen.ConfirmClear, BoxControl.KnobTurn):
                return;
            case (BoxScreen.ConfirmClear, _):
                _screen = BoxScreen.Status;
                Notify("CLEAR CANCELLED", now);
                return;
            case (BoxScreen.ProfileMenu, BoxControl.KnobTurn):
                _menuIndex = Math.Clamp(_menuIndex + Math.Sign(control.Steps), 0, _engine.Profiles.Count - 1);
                return;
            case (BoxScreen.ProfileMenu, BoxControl.KnobPress):
                _screen = BoxScreen.Status;
                SelectProfile(_engine.Profiles[_menuIndex], now);
                return;
            case (BoxScreen.ProfileMenu, _):
                _screen = BoxScreen.Status;
                return;
        }

        switch (control.Control)
        {
            case BoxControl.LearnPress:
                Machine.Fire(BoxInput.LearnPressed);
                break;
            case BoxControl.PlayPress:
                Machine.Fire(BoxInput.PlayPressed);
                break;
            case BoxControl.PlayHold:
                Machine.Fire(BoxInput.PlayHeld);
                Notify("ALL NOTES OFF", now);
                break;
            case BoxControl.ClearPress:
                Notify("HOLD CLEAR TO CLEAR", now);
                break;
            case BoxControl.ClearHold:
                OpenScreen(BoxScreen.ConfirmClear, now);
                break;
            case BoxControl.KnobPress when _turnedWhilePushed:
                // The release that ends a push-and-turn is not a press.
                _turnedWhilePushed = false;
                break;
            case BoxControl.KnobPress:
                _menuIndex = Math.Max(0, IndexOf(_engine.Profiles, _engine.Profile));
                OpenScreen(BoxScreen.ProfileMenu, now);
                break;
            case BoxControl.KnobTurn:
                Turn(control);
                break;
        }
    }

    private void Turn(BoxControlEvent control)
    {
        if (control.Pushed)
        {
            _turnedWhilePushed = true;
            _knob = KnobParameter.AnswerLength;
            _engine.AnswerLength = Math.Clamp(_engine.AnswerLength * Math.Pow(2, control.Steps / (double)_settings.StepsPerLengthDoubling), 0.25, 4);
        }
        else
        {
            _knob = KnobParameter.Temperature;
            _engine.Temperature = Math.Clamp(_engine.Temperature + (control.Steps * _settings.TemperatureStep), 0.1f, 2f);
        }
    }

    private void ClearProfile(TimeSpan now)
    {
        try
        {
            _engine.ClearProfile();
            _learned = 0;
            _adaptationMs = double.NaN;
            Notify("PROFILE CLEARED", now);
        }
        catch (Exception ex) when (ex is BoxEngineException or IOException)
        {
            _log($"clear failed: {ex.Message}");
            Notify("CLEAR FAILED", now);
        }
    }

    private void SelectProfile(string name, TimeSpan now)
    {
        try
        {
            _engine.SelectProfile(name);
            _learned = 0;
            _adaptationMs = double.NaN;
            Notify($"PROFILE {name}", now);
        }
        catch (BoxEngineException ex)
        {
            _log(ex.Message);
            Notify(ex.ShortMessage, now);
        }
    }

    private void OpenScreen(BoxScreen screen, TimeSpan now)
    {
        _screen = screen;
        _screenSince = now;
    }

    private void CloseStale(TimeSpan now)
    {
        if (_screen != BoxScreen.Status && now - _screenSince > _settings.MenuTimeout)
        {
            _screen = BoxScreen.Status;
        }

        if (_notice is not null && now >= _noticeUntil)
        {
            _notice = null;
        }
    }

    private void Notify(string notice, TimeSpan now)
    {
        _notice = notice;
        _noticeUntil = now + _settings.NoticeTime;
    }

    private BoxView BuildView(TimeSpan now)
    {
        var state = Machine.State;
        return new BoxView
        {
            State = state,
            Screen = _screen,
            Profile = _engine.Profile,
            PhrasesLearned = _learned,
            LastAdaptationMs = _adaptationMs,
            Knob = _knob,
            Temperature = _engine.Temperature,
            AnswerLength = _engine.AnswerLength,
            Activity = _activity,
            Fault = state == BoxState.Fault ? Machine.LastFault : null,
            RetryInSeconds = (int)Math.Ceiling(Math.Max(0, (_nextRetry - now).TotalSeconds)),
            ResumeState = Machine.ResumeState,
            Notice = _notice,
            Profiles = _engine.Profiles,
            MenuIndex = _menuIndex,
            ReadyLed = state switch
            {
                BoxState.Fault => LedPattern.Off,
                BoxState.Learning => LedPattern.SlowBlink,
                _ => _engine.IsOpen ? LedPattern.On : LedPattern.Off,
            },
            PlayLed = state switch
            {
                BoxState.Listening => LedPattern.SlowBlink,
                BoxState.Adapting => LedPattern.FastBlink,
                BoxState.Playing => LedPattern.On,
                _ => LedPattern.Off,
            },
            ErrorLed = state == BoxState.Fault ? LedPattern.ErrorFlashes : _screen == BoxScreen.ConfirmClear ? LedPattern.FastBlink : LedPattern.Off,
        };
    }

    private static int IndexOf(IReadOnlyList<string> list, string item)
    {
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] == item)
            {
                return i;
            }
        }

        return -1;
    }
}
