using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Profiles;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The real brain for the engine: a <see cref="DuetSession"/> on the exported ONNX backbone with two sessions, one
/// the adaptation thread listens with, one the generator thread plays with, so listening never disturbs the recurrent
/// state of an answer being played. Turns arrive with clock ticks; the duet hears them on the performer's clock in
/// seconds.
/// </summary>
public sealed class ModelResponder : IResponder, IDisposable
{
    private readonly OnnxBackbone _playBackbone;
    private readonly OnnxBackbone _listenBackbone;
    private readonly InnerLoop _innerLoop;
    private readonly long _ticksPerSecond;
    private int _learned;
    private readonly List<Note> _onSessionClock = [];   // a turn's notes moved to the session's clock (the adaptation thread's, reused)

    /// <summary>Loads two backbone sessions and a duet starting at <paramref name="start"/> (a profile's adapter or the init).</summary>
    /// <param name="model">The model folder, loaded.</param>
    /// <param name="start">Where every adaptation starts.</param>
    /// <param name="sampler">Sampling settings (seed).</param>
    /// <param name="options">ONNX Runtime session options.</param>
    /// <param name="settings">The duet's phrasing and bounds.</param>
    /// <param name="profile">The performer's profile (folded forward by <see cref="EndSession"/>).</param>
    /// <param name="ticksPerSecond">The engine clock's frequency (turn timestamps).</param>
    /// <exception cref="FileNotFoundException">The backbone file is missing.</exception>
    /// <exception cref="InvalidDataException">The backbone is not loadable (message names the file).</exception>
    /// <exception cref="ArgumentException">The adapter does not fit the backbone.</exception>
    public ModelResponder(LoadedModel model, AdapterParameters start, SamplerSettings? sampler = null, BackboneSessionOptions? options = null,
        DuetSettings? settings = null, PerformerProfile? profile = null, long? ticksPerSecond = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(start);
        _ticksPerSecond = ticksPerSecond ?? MonotonicClock.Instance.Frequency;
        _playBackbone = ModelFolder.OpenBackbone(model, options);
        try
        {
            _listenBackbone = ModelFolder.OpenBackbone(model, options);
            if (start.FeatureSize != _playBackbone.FeatureSize)
            {
                throw new ArgumentException($"Adapter expects F={start.FeatureSize} features but {model.BackbonePath} gives F={_playBackbone.FeatureSize}.", nameof(start));
            }

            // The inner loop's sessions, code and buffers are made ready at load, so the first phrases do not pay for them.
            _innerLoop = new InnerLoop((settings ?? new DuetSettings()).InnerLoopFor(model.InnerLoop));
            Duet = new DuetSession(_listenBackbone, _playBackbone, start, _innerLoop, sampler, settings, profile);
            Duet.PrepareToPlay();
        }
        catch
        {
            _innerLoop?.Dispose();
            _listenBackbone?.Dispose();
            _playBackbone.Dispose();
            throw;
        }

        ProviderName = _playBackbone.ProviderName;
    }

    /// <summary>The ONNX Runtime execution provider in use.</summary>
    public string ProviderName { get; }

    /// <summary>The duet this responder voices.</summary>
    public DuetSession Duet { get; }

    /// <summary>The most recent adaptation's outcome, or null.</summary>
    public AdaptationResult? LastResult { get; private set; }

    /// <inheritdoc/>
    public int Learned => Volatile.Read(ref _learned);

    /// <inheritdoc/>
    public void Learn(IReadOnlyList<CapturedPhrase> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        try
        {
            foreach (var turn in turns)
            {
                var offset = (double)turn.StartTicks / _ticksPerSecond;
                Duet.Hear(OnSessionClock(turn.Notes, offset));
            }

            LastResult = Duet.Adapt(cancellationToken: cancellationToken) ?? LastResult;
        }
        finally
        {
            // Learnt (or failed): an answer waiting for this call can start.
            Interlocked.Add(ref _learned, turns.Count);
        }
    }

    /// <inheritdoc/>
    public void HearSoFar(TurnSoFar turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var offset = (double)turn.StartTicks / _ticksPerSecond;   // the offset Learn gives the finished turn's notes
        var heardUntil = offset + ((double)(turn.HeardUntilTicks - turn.StartTicks) / _ticksPerSecond);
        Duet.HearSoFar(OnSessionClock(turn.Notes, offset), heardUntil);
    }

    // The notes moved by `offset` seconds into the reused list (the duet copies what it keeps).
    private List<Note> OnSessionClock(IReadOnlyList<Note> notes, double offset)
    {
        _onSessionClock.Clear();
        for (var i = 0; i < notes.Count; i++)
        {
            var n = notes[i];
            _onSessionClock.Add(n with { Start = n.Start + offset, End = n.End + offset });
        }

        return _onSessionClock;
    }

    /// <inheritdoc/>
    public void Forget()
    {
        Duet.Forget();
        LastResult = null;
    }

    /// <inheritdoc/>
    public AnswerPlan BeginResponse(CapturedPhrase? call, float temperature, double length, bool endless)
    {
        Duet.Temperature = temperature;
        return Duet.BeginAnswer(length, endless);
    }

    /// <inheritdoc/>
    public int NextToken() => Duet.NextToken();

    /// <inheritdoc/>
    public void Continue() => Duet.Continue();

    /// <inheritdoc/>
    public void RingOut() => Duet.RingOut();

    /// <summary>The session's profile update (online Reptile), or null when nothing was adapted.</summary>
    public PerformerProfile? EndSession(DateTimeOffset now) => Duet.EndSession(now);

    public void Dispose()
    {
        _innerLoop.Dispose();
        _playBackbone.Dispose();
        _listenBackbone.Dispose();
    }
}
