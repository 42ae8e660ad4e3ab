using System.Globalization;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Profiles;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// One live duet from power-on to the end of the session, for <c>edgemeta play</c> and the box: loads the model and
/// the performer's profile, opens the ports, runs the engine on the duet, and at the end stops it in order (input,
/// answers, every note released, adaptation joined), saves the recording and folds the session into the profile.
/// </summary>
public sealed class LiveSession : IDisposable
{
    private readonly ProfileStore? _store;
    private readonly ProfileLoadResult? _profile;
    private readonly IMidiOutput _outPort;
    private readonly IMidiInput _inPort;
    private readonly SessionRecorder? _recorder;
    private readonly Action<string> _log;
    private bool _stopped;
    private bool _listening;

    private LiveSession(LiveSessionOptions options, Action<string> log)
    {
        Options = options;
        _log = log;
        var loaded = ModelFolder.Load(options.Model);
        ModelId = loaded.ModelId;
        if (options.Profile is not null)
        {
            _store = new ProfileStore(options.ProfilesDirectory ?? ProfileStore.DefaultRoot());
            _profile = _store.Get(options.Profile, loaded);
            if (_profile.Warning is { } warning)
            {
                log($"warning: {warning}");
            }
        }

        var start = _profile?.Profile.Adapter ?? loaded.InitialAdapter;
        // The duet's phrases and the live turns end at the same rest.
        var duet = options.Duet with { Phrases = options.Duet.Phrases with { RestSeconds = options.Engine.Capture.RestSeconds } };
        Responder = new ModelResponder(loaded, start, new SamplerSettings { Seed = options.Seed, Temperature = options.Engine.Temperature }, settings: duet, profile: _profile?.Profile);
        try
        {
            _outPort = MidiPorts.OpenOutput(options.Out);
            try
            {
                _inPort = MidiPorts.OpenInput(options.In, options.FileInput);
            }
            catch
            {
                _outPort.Dispose();
                throw;
            }
        }
        catch
        {
            Responder.Dispose();
            throw;
        }

        _recorder = options.RecordDirectory is null ? null : new SessionRecorder(MonotonicClock.Instance.Frequency);
        Engine = new RealtimeEngine(Responder, _outPort, options.Engine, MonotonicClock.Instance, log, _recorder);
        LoadGarbage.Collect();
    }

    /// <summary>The options the session was opened with.</summary>
    public LiveSessionOptions Options { get; }

    /// <summary>The loaded model's id.</summary>
    public string ModelId { get; }

    /// <summary>The engine (threads, controls, status).</summary>
    public RealtimeEngine Engine { get; }

    /// <summary>The duet's voice on the model.</summary>
    public ModelResponder Responder { get; }

    /// <summary>Names of the ports.</summary>
    public string InName => _inPort.Name;

    /// <summary>Names of the ports.</summary>
    public string OutName => _outPort.Name;

    /// <summary>True when the input is a file that has been played to the end.</summary>
    public bool InputFinished => _inPort is MidiFileInput { IsFinished: true };

    /// <summary>Opens everything and starts the engine; call <see cref="Listen"/> to start reading the input.</summary>
    /// <exception cref="FileNotFoundException">The model or a file input is missing.</exception>
    /// <exception cref="InvalidDataException">The model or the profile folder is unusable (the message names the file).</exception>
    /// <exception cref="ArgumentException">A port spec or setting is invalid.</exception>
    public static LiveSession Open(LiveSessionOptions options, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new LiveSession(options, log ?? (_ => { }));
    }

    /// <summary>Starts reading the input port.</summary>
    public void Listen()
    {
        _listening = true;
        Engine.Attach(_inPort);
    }

    /// <summary>
    /// Ends the session: stops the engine (every note released), writes the recording, saves the profile moved by online
    /// Reptile. Returns what was written. Safe to call once; <see cref="Dispose"/> calls it.
    /// </summary>
    public LiveSessionSummary Stop()
    {
        if (_stopped)
        {
            return new LiveSessionSummary(null, null);
        }

        _stopped = true;
        Engine.Dispose();   // ordered shutdown: nothing runs on the model after this (unless it hung: see Dispose)
        // The recording and the profile are written independently: a full or read-only disk under one must not lose the
        // other. Both are tried, then the failures (each naming its file) are reported together.
        var failures = new List<Exception>();
        string? recording = null;
        if (_recorder is not null && _recorder.Count > 0)
        {
            var path = Path.Combine(Options.RecordDirectory!, $"session-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.mid");
            try
            {
                Directory.CreateDirectory(Options.RecordDirectory!);
                MidiFile.FromNotes(_recorder.ToNotes()).Write(path);
                recording = path;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failures.Add(ex);
            }
        }

        PerformerProfile? saved = null;
        if (_store is not null && Responder.EndSession(DateTimeOffset.Now) is { } updated)
        {
            try
            {
                _store.Save(updated);
                saved = updated;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                failures.Add(ex);
            }
        }

        return failures.Count switch
        {
            0 => new LiveSessionSummary(recording, saved),
            1 => throw new IOException(failures[0].Message, failures[0]),
            _ => throw new IOException(string.Join("; ", failures.Select(f => f.Message)), new AggregateException(failures)),
        };
    }

    public void Dispose()
    {
        try
        {
            Stop();
        }
        finally
        {
            if (!_listening)
            {
                _inPort.Dispose();   // the engine disposes the inputs it was given
            }

            // A hung adaptation may still be inside ONNX Runtime: disposing its sessions under it would crash the
            // process (issue 14 finding 1). Leave them to the process's end; the engine has logged it.
            if (Engine.StoppedCleanly)
            {
                Responder.Dispose();
            }

            _outPort.Dispose();
        }
    }
}
