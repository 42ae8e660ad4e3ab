using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.Firmware.Engine;

/// <summary>
/// The box's engine on today's EdgeRuntime: <see cref="ModelFolder.Load"/>, a <see cref="ModelResponder"/>
/// started from the performer's profile, a <see cref="RealtimeEngine"/> per listening session, ports from
/// <see cref="MidiPorts"/> and profiles in a <see cref="ProfileStore"/>. A thin adapter on purpose: every
/// musical decision (phrases, adaptation, answers, releasing notes) is the engine's; this class only starts,
/// stops, saves and reports. Called from the box loop's thread only.
/// </summary>
public sealed class RuntimeBoxEngine : IBoxEngine
{
    private readonly BoxEngineOptions _options;
    private readonly Action<string> _log;
    private readonly ProfileStore _store;
    private LoadedModel? _model;
    private PerformerProfile? _profile;
    private ModelResponder? _responder;
    private IMidiOutput? _output;
    private NoteActivityInput? _input;
    private RealtimeEngine? _engine;
    private BoxPlayMode _mode;
    private string _profileName;
    private float _temperature;
    private double _answerLength;
    private long _notesBefore;
    private long _lastPhraseTicks;
    private long _lastAdaptedTicks;
    private long _adaptations;
    private volatile string? _inputProblem;
    private long _lastOutputPoke;
    private bool _responderStale;

    /// <param name="options">Model, ports, profiles and engine settings.</param>
    /// <param name="log">Where engine and box messages go (the journal); ignored when null.</param>
    public RuntimeBoxEngine(BoxEngineOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Profiles.Count is < 1 or > 8)
        {
            throw new ArgumentException($"The box needs 1-8 profiles, got {options.Profiles.Count}.", nameof(options));
        }

        _options = options;
        _log = log ?? (_ => { });
        _store = new ProfileStore(options.ProfilesRoot);
        _profileName = options.Profiles[0];
        _temperature = options.Engine.Temperature;
        _answerLength = options.Engine.ResponseLength;
    }

    public bool IsOpen => _responder is not null && _output is not null && (_input is not null || _engine is not null);

    public IReadOnlyList<string> Profiles => _options.Profiles;

    public string Profile => _profileName;

    public float Temperature
    {
        get => _temperature;
        set
        {
            _temperature = Math.Clamp(value, 0.05f, 5f);
            _engine?.Controls.Temperature = _temperature;
        }
    }

    public double AnswerLength
    {
        get => _answerLength;
        set
        {
            _answerLength = Math.Clamp(value, 0.1, 8);
            _engine?.Controls.ResponseLength = _answerLength;
        }
    }

    public BoxEngineStatus Status
    {
        get
        {
            var notes = _notesBefore + (_input?.NotesIn ?? 0);
            var problem = OutputProblem() ?? _inputProblem;
            if (_engine is not { } engine)
            {
                return BoxEngineStatus.Stopped with { NotesIn = notes, Problem = problem, Mode = _mode };
            }

            var s = engine.Status;
            return new BoxEngineStatus(true, _mode, s.PhrasesCaptured, s.PhrasesLearned, s.LastAdaptationMs, s.Responses, !engine.IsIdle, s.SoundingNotes, notes, problem);
        }
    }

    public IReadOnlyList<EngineThreadProgress> Progress
    {
        get
        {
            if (_engine is not { } engine || _input is not { } input)
            {
                return [];
            }

            // Today's engine has no heartbeats, so progress is read from what each thread visibly produces:
            // phrases cut from the input, events leaving the output buffer, adaptations finishing.
            var now = Stopwatch.GetTimestamp();
            var lastNote = input.LastNoteTicks;
            var lastPhrase = Interlocked.Read(ref _lastPhraseTicks);
            var restTicks = (long)((_options.Engine.Capture.RestSeconds + 1.0) * Stopwatch.Frequency);
            var phraseOverdue = lastNote > lastPhrase && !input.Holding && now - lastNote > restTicks;
            var buffered = engine.Output.Buffer.Count;
            return
            [
                new("input", engine.Status.PhrasesCaptured, phraseOverdue),
                new("output", engine.Output.LastSentTicks ^ ((long)buffered << 48), buffered > 0),
                new("adaptation", Interlocked.Read(ref _adaptations), lastPhrase > Interlocked.Read(ref _lastAdaptedTicks)),
            ];
        }
    }

    public void Open()
    {
        try
        {
            _model ??= LoadModel();
            _profile ??= LoadProfile(_profileName);
            _responder ??= NewResponder();
            _output ??= Open("MIDI OUT", _options.Output, MidiPorts.OpenOutput);
            _input ??= OpenInput();
            _log($"engine ready: model {_model.ModelId} on {_responder.ProviderName}, in {_input.Name}, out {_output.Name}, profile '{_profileName}'");
        }
        catch (BoxEngineException ex)
        {
            _log(ex.Message);
            throw;
        }
    }

    public void Start(BoxPlayMode mode)
    {
        if (!IsOpen)
        {
            throw new BoxEngineException("ENGINE NOT READY", "The engine is not open yet (model or MIDI ports missing).");
        }

        _mode = mode;
        if (_engine is not null)
        {
            _engine.Mode = ToEngineMode(mode);   // releases every note of the old mode
            return;
        }

        if (_responderStale)
        {
            // The profile changed (saved, cleared or switched): the next session adapts from it.
            ReplaceResponder();
            _responderStale = false;
        }

        _input ??= OpenInput();
        var settings = _options.Engine with { Mode = ToEngineMode(mode), Temperature = _temperature, ResponseLength = _answerLength };
        _engine = new RealtimeEngine(_responder!, _output!, settings, MonotonicClock.Instance, EngineLog);
        _engine.PhraseCaptured += _ => Interlocked.Exchange(ref _lastPhraseTicks, Stopwatch.GetTimestamp());
        _engine.Adapted += _ => Adapted();
        LoadGarbage.Collect();   // before the engine hears anything: a new responder's load leaves garbage
        _engine.Attach(_input);
        _log($"listening: {mode}, profile '{_profileName}'");
    }

    public void Stop()
    {
        if (_engine is not { } engine)
        {
            return;
        }

        var phrases = engine.Status.PhrasesCaptured;
        engine.Dispose();   // stops its threads, note-off for every sounding note and CC 123; disposes the input
        _engine = null;
        _notesBefore += _input?.NotesIn ?? 0;
        _input = null;
        _inputProblem = null;
        _log($"stopped: {phrases} phrases this session, every note released");
        SaveSession();
        ReopenInput();
    }

    public void Panic() => _engine?.Panic();

    public void ClearProfile()
    {
        var wasRunning = _engine is not null;
        var mode = _mode;
        StopWithoutSaving();
        if (_model is { } model)
        {
            _profile = _store.Reset(_profileName, model.ModelId, model.InitialAdapter, model.InnerLoop);
            _responderStale = true;
        }

        _log($"profile '{_profileName}' cleared back to the meta-learned init");
        if (wasRunning)
        {
            Start(mode);
        }
    }

    public void SelectProfile(string name)
    {
        if (!_options.Profiles.Contains(name))
        {
            throw new ArgumentException($"'{name}' is not one of the box's profiles ({string.Join(", ", _options.Profiles)}).", nameof(name));
        }

        if (name == _profileName && _profile is not null)
        {
            return;
        }

        var wasRunning = _engine is not null;
        var mode = _mode;
        Stop();
        _profileName = name;
        _profile = null;
        if (_model is not null)
        {
            _profile = LoadProfile(name);
            _responderStale = true;
        }

        _log($"profile: '{name}'");
        if (wasRunning)
        {
            Start(mode);
        }
    }

    public void Dispose()
    {
        if (_engine is { } engine)
        {
            var phrases = engine.Status.PhrasesCaptured;
            engine.Dispose();
            _engine = null;
            _input = null;
            SaveSession();
        }

        _input?.Dispose();
        _input = null;
        _responder?.Dispose();
        _responder = null;
        _output?.Dispose();
        _output = null;
    }

    private void StopWithoutSaving()
    {
        if (_engine is null)
        {
            return;
        }

        _engine.Dispose();
        _engine = null;
        _notesBefore += _input?.NotesIn ?? 0;
        _input = null;
        ReopenInput();
    }

    // The engine disposes its input; open a fresh one at once so a keyboard unplugged while the box was stopped is
    // noticed now (the box is then not open, and the controller retries), not at the next press of Play.
    private void ReopenInput()
    {
        try
        {
            _input = OpenInput();
        }
        catch (BoxEngineException ex)
        {
            _log(ex.Message);
        }
    }

    private void SaveSession()
    {
        // The duet folds the session into the profile (online Reptile); the box only saves it.
        if (!_options.SaveSessions || _profile is null || _responder?.EndSession(DateTimeOffset.Now) is not { } updated)
        {
            return;
        }

        try
        {
            _profile = updated;
            _store.Save(_profile);
            _log($"profile '{_profileName}' saved ({_profile.Info.Sessions} sessions, {_profile.Info.PhrasesSeen} phrases)");
            _responderStale = true;
        }
        catch (IOException ex)
        {
            _log($"profile '{_profileName}' not saved: {ex.Message}");
        }
    }

    private void ReplaceResponder()
    {
        _responder?.Dispose();
        _responder = null;
        _responder = NewResponder();
    }

    private ModelResponder NewResponder()
    {
        try
        {
            return new ModelResponder(_model!, _profile!.Adapter, new SamplerSettings { Seed = _options.Seed }, profile: _profile);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or ArgumentException or Microsoft.ML.OnnxRuntime.OnnxRuntimeException)
        {
            _model = null;
            throw new BoxEngineException("MODEL BROKEN", $"model {_options.ModelFolder}: {ex.Message}", ex);
        }
    }

    private LoadedModel LoadModel()
    {
        try
        {
            return ModelFolder.Load(_options.ModelFolder);
        }
        catch (Exception ex) when (ex is DirectoryNotFoundException or FileNotFoundException)
        {
            throw new BoxEngineException("MODEL MISSING", $"model: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or ArgumentException)
        {
            throw new BoxEngineException("MODEL BROKEN", $"model: {ex.Message}", ex);
        }
    }

    private PerformerProfile LoadProfile(string name)
    {
        try
        {
            var loaded = _store.Get(name, _model!);
            if (loaded.Warning is { } warning)
            {
                _log($"warning: {warning}");
            }

            return loaded.Profile;
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            throw new BoxEngineException("PROFILE UNFIT", $"profile '{name}': {ex.Message}", ex);
        }
    }

    private NoteActivityInput OpenInput()
    {
        var input = new NoteActivityInput(Open("MIDI IN", _options.Input, spec => MidiPorts.OpenInput(spec)));
        input.StatusChanged += OnInputStatus;
        return input;
    }

    private static T Open<T>(string what, string spec, Func<string, T> open)
    {
        try
        {
            return open(spec);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException)
        {
            throw new BoxEngineException($"{what} NOT FOUND", $"{what.ToLowerInvariant()} {spec}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new BoxEngineException($"BAD {what} SPEC", $"{what.ToLowerInvariant()} {spec}: {ex.Message}", ex);
        }
    }

    private void Adapted()
    {
        Interlocked.Increment(ref _adaptations);
        Interlocked.Exchange(ref _lastAdaptedTicks, Stopwatch.GetTimestamp());
    }

    private void EngineLog(string line)
    {
        // A failed adaptation is finished work too (the engine keeps the previous adapter), not a stuck thread.
        if (line.StartsWith("adaptation failed", StringComparison.Ordinal))
        {
            Interlocked.Exchange(ref _lastAdaptedTicks, Stopwatch.GetTimestamp());
        }

        _log(line);
    }

    private void OnInputStatus(object? sender, MidiPortStatusEventArgs e) => _inputProblem = e.Connected ? null : "MIDI IN LOST";

    // A byte-stream output (raw device, FIFO) reconnects only when something is sent; while the box has nothing to
    // send, knock twice a second so a synth that comes back is found and the fault clears.
    private string? OutputProblem()
    {
        if (_output is not { } output || output.IsConnected)
        {
            return null;
        }

        var now = Environment.TickCount64;
        if (output is ByteStreamMidiOutput stream && now - _lastOutputPoke >= 500)
        {
            _lastOutputPoke = now;
            stream.WaitForConnection(TimeSpan.FromMilliseconds(1));   // one open attempt (and a 10 ms nap if it fails)
        }

        return output.IsConnected ? null : "MIDI OUT LOST";
    }

    private static EngineMode ToEngineMode(BoxPlayMode mode) => mode switch
    {
        BoxPlayMode.Learn => EngineMode.LearnOnly,
        BoxPlayMode.Continue => EngineMode.Continue,
        _ => EngineMode.CallResponse,
    };
}
