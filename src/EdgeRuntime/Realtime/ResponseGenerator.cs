using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The generator thread: plays each requested answer through the duet's <see cref="AnswerStream"/> (the same
/// tokens → notes path as an offline answer), turns its events into timed MIDI messages at the live tempo, channel
/// and transposition, and writes them to the output, never more than the lookahead ahead of the clock. An answer
/// ends at its planned length (releasing what it left open) or when the output's generation moves on (cancel).
/// </summary>
public sealed class ResponseGenerator : IDisposable
{
    private readonly IResponder _responder;
    private readonly IAnswerOutput _output;
    private readonly IClock _clock;
    private readonly LiveControls _controls;
    private readonly Func<double> _timeScale;
    private readonly AnswerStream _stream;
    private readonly AutoResetEvent _signal = new(false);
    private readonly Thread _thread;
    private readonly int[] _channelOf = new int[128];   // sounding pitch → the channel its onset went to
    private readonly long _stepTicks;
    private readonly long _lookaheadTicks;
    private ResponseRequest? _pending;
    private volatile bool _stopping;
    private bool _boosted;   // under SCHED_FIFO for an answer's start
    private int _lastAdapterVersion = -1;

    /// <summary>Starts the generator thread.</summary>
    /// <param name="responder">The voice of the answers.</param>
    /// <param name="output">Where events go.</param>
    /// <param name="clock">The engine's clock.</param>
    /// <param name="controls">Live temperature, length, transposition, channel.</param>
    /// <param name="lookaheadSeconds">How far ahead of the clock events may be queued.</param>
    /// <param name="maxAnswerTokens">Token cap of one answer.</param>
    /// <param name="timeScale">Tempo factor (MIDI clock following), read at every time step.</param>
    public ResponseGenerator(IResponder responder, IAnswerOutput output, IClock clock, LiveControls controls, double lookaheadSeconds, int maxAnswerTokens, Func<double> timeScale)
    {
        _responder = responder;
        _output = output;
        _clock = clock;
        _controls = controls;
        _timeScale = timeScale;
        _stream = new AnswerStream(maxAnswerTokens);
        _stepTicks = (long)(Vocabulary.TimeStepSeconds * clock.Frequency);
        _lookaheadTicks = (long)(lookaheadSeconds * clock.Frequency);
        _thread = new Thread(Run) { IsBackground = true, Name = "generator", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    /// <summary>Duration of each generation step (one event of the answer stream), ms.</summary>
    public LatencyLog StepLatency { get; } = new();

    /// <summary>Answers started.</summary>
    public int Responses { get; private set; }

    /// <summary>True while an answer is being generated.</summary>
    public bool Busy { get; private set; }

    /// <summary>The last answer's tokens as played (moved into the call's register), for tests and logs; read when idle.</summary>
    public int[] LastAnswerTokens { get; private set; } = [];

    /// <summary>Raised (on the generator thread) when the responder throws; the answer is abandoned.</summary>
    public event Action<Exception>? Failed;

    /// <summary>Raised (on the generator thread) when an answer starts with an adapter other than the previous answer's.</summary>
    public event Action<AnswerPlan>? AdapterChanged;

    /// <summary>Queues an answer (replacing one not yet started).</summary>
    public void Request(ResponseRequest request)
    {
        Volatile.Write(ref _pending, request);
        _signal.Set();
    }

    /// <summary>True while the generator thread runs (after <see cref="Dispose"/>: it did not stop in time).</summary>
    public bool IsAlive => _thread.IsAlive;

    public void Dispose()
    {
        _stopping = true;
        _signal.Set();
        if (_thread.Join(TimeSpan.FromSeconds(2)))
        {
            _signal.Dispose();   // only once the thread that waits on it has ended
        }
    }

    private void Run()
    {
        while (!_stopping)
        {
            // Waiting for the next answer, and its first note, are on the MIDI-in → answer path: a busy board must not
            // queue them behind ordinary work. The rest of the answer runs a second ahead, at normal priority.
            Boost();
            _signal.WaitOne(50);
            var request = Interlocked.Exchange(ref _pending, null);
            if (request is null || request.Generation != _output.Generation)
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
                LastAnswerTokens = Answer.Moved(_stream.Tokens, _stream.OctaveShift);
                Busy = false;
            }
        }
    }

    private bool Current(ResponseRequest request) => !_stopping && request.Generation == _output.Generation;

    private void Play(ResponseRequest request)
    {
        // Learning the call (its phrase through the backbone, then the inner loop) runs inside the musical delay; wait
        // for it, never past the answer's start: a late adaptation reaches the next answer, not the middle of this one.
        // Priming from the phrase's carried state costs next to nothing, so waiting costs the answer no time.
        var margin = _clock.Frequency / 500;   // 2 ms to step the first tokens
        while (_responder.Learned < request.LearnedTicket && _clock.Now < request.StartTicks - margin && Current(request))
        {
            Thread.Sleep(1);
        }

        Responses++;
        var plan = _responder.BeginResponse(request.Call, _controls.Temperature, _controls.ResponseLength, request.Endless);
        if (plan.AdapterVersion != _lastAdapterVersion)
        {
            _lastAdapterVersion = plan.AdapterVersion;
            AdapterChanged?.Invoke(plan);
        }

        _output.ExpectFirstNote(request.Generation);
        _stream.Transpose = _controls.Transpose;
        _stream.Begin(_responder, plan);
        var cursor = 0L;       // clock ticks of the answer's time so far (tempo-scaled)
        var cursorStep = 0;    // the same point in 10 ms steps
        var drawn = 0;
        while (Current(request))
        {
            if (_boosted && ++drawn > RealtimePriority.AnswerStartTokens)
            {
                Unboost();   // bounded real-time work: a voice that takes long to its first note goes on at normal priority
            }

            var due = request.StartTicks + cursor;
            if (due - _clock.Now > _lookaheadTicks)
            {
                Thread.Sleep(1);
                continue;
            }

            var before = Stopwatch.GetTimestamp();
            _stream.Transpose = _controls.Transpose;
            if (!_stream.MoveNext())
            {
                break;
            }

            StepLatency.Add(Stopwatch.GetElapsedTime(before).TotalMilliseconds);
            var e = _stream.Current;
            // A closing release may lie a step past the clock (every note lasts at least one step).
            due += (long)((e.Step - cursorStep) * _stepTicks * _timeScale());
            switch (e.Kind)
            {
                case DecodedEventKind.Time:
                    cursor += (long)(e.Steps * _stepTicks * _timeScale());
                    cursorStep = e.Step;
                    break;
                case DecodedEventKind.NoteOn:
                    _channelOf[e.Pitch] = _controls.OutputChannel;
                    Write(request, due, MidiMessage.NoteOn(_channelOf[e.Pitch], e.Pitch, e.Velocity));
                    Unboost();   // the first note is queued; the output thread plays it on time
                    break;
                case DecodedEventKind.NoteOff:
                    Write(request, due, MidiMessage.NoteOff(_channelOf[e.Pitch], e.Pitch));
                    break;
            }
        }
    }

    private void Boost()
    {
        if (!_boosted && RealtimePriority.BoostAnswerStart)
        {
            _boosted = RealtimePriority.TryElevateCurrentThread(RealtimePriority.AnswerStartPriority);
        }
    }

    private void Unboost()
    {
        if (_boosted)
        {
            RealtimePriority.TryReturnCurrentThreadToNormal();
            _boosted = false;
        }
    }

    private void Write(ResponseRequest request, long due, MidiMessage message)
    {
        var item = new ScheduledEvent(due, message with { Timestamp = due }, request.Generation);
        while (!_output.TryWrite(item))
        {
            if (!Current(request))
            {
                return;
            }

            _output.Notify();
            Thread.Sleep(1);
        }

        _output.Notify();
    }
}
