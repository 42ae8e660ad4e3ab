using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The generator thread: steps the responder token by token, turns tokens into timed MIDI events at the
/// performer's register, tempo and the live controls, and writes them into the output scheduler's lookahead
/// buffer, never more than the lookahead ahead of the clock. Stops at the answer's length (releasing what it
/// left open), when the output scheduler's generation moves on (cancel), or at the token cap.
/// </summary>
public sealed class ResponseGenerator : IDisposable
{
    private const int MaxEventsWithoutTime = 32;   // a model stuck on NOTE_ON without TIME_SHIFT still moves on

    private readonly IResponder _responder;
    private readonly OutputScheduler _scheduler;
    private readonly IClock _clock;
    private readonly LiveControls _controls;
    private readonly EngineSettings _settings;
    private readonly Func<double> _timeScale;
    private readonly Func<int, bool> _adaptationReady;
    private readonly AutoResetEvent _signal = new(false);
    private readonly Thread _thread;
    private readonly int[] _mapped = new int[128];   // model pitch → channel << 7 | sounding pitch, -1 when not sounding
    private readonly long _stepTicks;
    private readonly long _lookaheadTicks;
    private ResponseRequest? _pending;
    private volatile bool _stopping;

    public ResponseGenerator(IResponder responder, OutputScheduler scheduler, IClock clock, LiveControls controls, EngineSettings settings, Func<double> timeScale, Func<int, bool> adaptationReady)
    {
        _responder = responder;
        _scheduler = scheduler;
        _clock = clock;
        _controls = controls;
        _settings = settings;
        _timeScale = timeScale;
        _adaptationReady = adaptationReady;
        _stepTicks = (long)(Vocabulary.TimeStepSeconds * clock.Frequency);
        _lookaheadTicks = (long)(settings.LookaheadSeconds * clock.Frequency);
        _thread = new Thread(Run) { IsBackground = true, Name = "generator", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Duration of each generation step (responder.NextToken), ms.</summary>
    public LatencyLog StepLatency { get; } = new();

    /// <summary>Answers started.</summary>
    public int Responses { get; private set; }

    /// <summary>True while an answer is being generated.</summary>
    public bool Busy { get; private set; }

    /// <summary>Raised (on the generator thread) when the responder throws; the answer is abandoned.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Queues an answer (replacing one not yet started).</summary>
    public void Request(ResponseRequest request)
    {
        Volatile.Write(ref _pending, request);
        _signal.Set();
    }

    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        _thread.Join(TimeSpan.FromSeconds(2));
        _signal.Dispose();
    }

    private void Run()
    {
        while (!_stopping)
        {
            _signal.WaitOne(50);
            var request = Interlocked.Exchange(ref _pending, null);
            if (request is null || request.Generation != _scheduler.Generation)
            {
                continue;
            }

            Busy = true;
            try
            {
                Play(request);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A failing model must not kill the thread (and leave notes hanging): abandon this answer.
                Failed?.Invoke(ex);
            }
            finally
            {
                Busy = false;
            }
        }
    }

    private bool Current(ResponseRequest request) => !_stopping && request.Generation == _scheduler.Generation;

    private void Play(ResponseRequest request)
    {
        // Priming runs the call through the backbone only (no adapter), so it overlaps the adaptation.
        Responses++;
        Array.Fill(_mapped, -1);
        _responder.BeginResponse(request.Call, _controls.Temperature);

        // Adaptation runs inside the musical delay; wait for it, but never past the answer's start.
        var margin = _clock.Frequency / 500;   // 2 ms to step the first tokens
        while (!_adaptationReady(request.AdaptationTicket) && _clock.Now < request.StartTicks - margin && Current(request))
        {
            Thread.Sleep(1);
        }
        _scheduler.ExpectFirstNote(request.Generation);
        var cursor = 0L;
        var velocity = 64;
        int? octaveShift = request.Call is null || !_settings.FollowRegister ? 0 : null;
        var eventsWithoutTime = 0;
        var lastOn = 0L;
        var duration = request.DurationTicks == long.MaxValue
            ? long.MaxValue
            : (long)(request.DurationTicks * _controls.ResponseLength);
        for (var tokens = 0; tokens < _settings.MaxResponseTokens && cursor < duration && Current(request); tokens++)
        {
            var due = request.StartTicks + cursor;
            if (due - _clock.Now > _lookaheadTicks)
            {
                Thread.Sleep(1);
                tokens--;
                continue;
            }

            var before = Stopwatch.GetTimestamp();
            var token = _responder.NextToken();
            StepLatency.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            if (Vocabulary.IsTimeShift(token))
            {
                cursor += (long)(Vocabulary.StepsOf(token) * _stepTicks * _timeScale());
                eventsWithoutTime = 0;
                continue;
            }

            if (Vocabulary.IsVelocity(token))
            {
                velocity = Vocabulary.VelocityOfBin(Vocabulary.VelocityBinOf(token));
                continue;
            }

            if (Vocabulary.IsNoteOn(token))
            {
                var pitch = Vocabulary.PitchOf(token);
                octaveShift ??= 12 * (int)Math.Round((request.Call!.MedianPitch - pitch) / 12.0);
                var sounding = Math.Clamp(pitch + octaveShift.Value + _controls.Transpose, 0, 127);
                var channel = _controls.OutputChannel;
                if (_mapped[pitch] >= 0)
                {
                    Write(request, due, OffFor(_mapped[pitch]));
                }

                _mapped[pitch] = channel << 7 | sounding;
                Write(request, due, MidiMessage.NoteOn(channel, sounding, velocity));
                lastOn = cursor;
                if (++eventsWithoutTime > MaxEventsWithoutTime)
                {
                    cursor += _stepTicks;
                    eventsWithoutTime = 0;
                }

                continue;
            }

            if (Vocabulary.IsNoteOff(token))
            {
                var pitch = Vocabulary.PitchOf(token);
                if (_mapped[pitch] >= 0)
                {
                    Write(request, due, OffFor(_mapped[pitch]));
                    _mapped[pitch] = -1;
                }

                continue;
            }

            // EOS (or another special): the model finished a phrase. Keep going until the answer is long enough.
            _responder.BeginResponse(null, _controls.Temperature);
        }

        // Release what the answer left open, at its end (and at least one step after the last onset).
        var end = request.StartTicks + Math.Max(Math.Min(cursor, duration == long.MaxValue ? cursor : duration), lastOn + _stepTicks);
        for (var pitch = 0; pitch < 128; pitch++)
        {
            if (_mapped[pitch] >= 0)
            {
                Write(request, end, OffFor(_mapped[pitch]));
                _mapped[pitch] = -1;
            }
        }
    }

    private static MidiMessage OffFor(int mapped) => MidiMessage.NoteOff(mapped >> 7, mapped & 0x7F);

    private void Write(ResponseRequest request, long due, MidiMessage message)
    {
        var item = new ScheduledEvent(due, message with { Timestamp = due }, request.Generation);
        while (!_scheduler.Buffer.TryWrite(item))
        {
            if (!Current(request))
            {
                return;
            }

            _scheduler.Notify();
            Thread.Sleep(1);
        }

        _scheduler.Notify();
    }
}
