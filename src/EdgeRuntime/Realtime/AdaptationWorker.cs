using System.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The adaptation thread: hands every finished turn to the responder (which hears it and adapts, off the playing
/// path) and carries out "forget the performer" requests, in order. Turns that arrive while it works wait in a
/// bounded queue (the oldest are let go beyond <see cref="MaxQueuedTurns"/>: the duet only learns from recent
/// playing anyway). While the performer plays, the thread is otherwise idle: it hands the responder the latest
/// <see cref="TurnSoFar"/> (only the latest: each one contains the ones before), after any finished turn that came first.
/// </summary>
public sealed class AdaptationWorker : IDisposable
{
    /// <summary>Most turns waiting to be heard.</summary>
    public const int MaxQueuedTurns = 16;

    private readonly IResponder _responder;
    private readonly Action<string> _log;
    private readonly Queue<CapturedPhrase> _queue = new();
    private readonly AutoResetEvent _signal = new(false);
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _thread;
    private readonly TimeSpan _stopTimeout;
    private bool _forget;
    private TurnSoFar? _soFar;   // newer than every queued turn (Submit drops an older one)
    private int _learned;
    private int _heardSoFar;
    private int _failures;
    private long _progress;
    private double _lastMs = double.NaN;

    /// <summary>Starts the thread.</summary>
    /// <param name="responder">The brain that learns.</param>
    /// <param name="log">Where failures go.</param>
    /// <param name="stopTimeout">How long <see cref="Dispose"/> waits for a running adaptation to stop (10 s when null).</param>
    public AdaptationWorker(IResponder responder, Action<string> log, TimeSpan? stopTimeout = null)
    {
        _responder = responder ?? throw new ArgumentNullException(nameof(responder));
        _log = log ?? (_ => { });
        _stopTimeout = stopTimeout ?? TimeSpan.FromSeconds(10);
        _thread = new Thread(Run) { IsBackground = true, Name = "adaptation", Priority = ThreadPriority.BelowNormal };
        _thread.Start();
    }

    /// <summary>Raised on the adaptation thread after each adaptation with its duration in ms.</summary>
    public event Action<double>? Adapted;

    /// <summary>Turns heard and adapted to.</summary>
    public int Learned => Volatile.Read(ref _learned);

    /// <summary>Turns-so-far handed to the responder (work done while the performer played).</summary>
    public int HeardSoFar => Volatile.Read(ref _heardSoFar);

    /// <summary>Duration of the last adaptation, ms (NaN before the first).</summary>
    public double LastMs => Volatile.Read(ref _lastMs);

    /// <summary>Advances whenever the thread finishes a piece of work or wakes idle (a liveness counter for a watchdog).</summary>
    public long Progress => Interlocked.Read(ref _progress);

    /// <summary>True while the thread runs.</summary>
    public bool IsAlive => _thread.IsAlive;

    /// <summary>Queues a turn to hear and adapt to.</summary>
    public void Submit(CapturedPhrase turn)
    {
        lock (_queue)
        {
            _soFar = null;   // the finished turn supersedes what was heard of it so far
            _queue.Enqueue(turn);
            while (_queue.Count > MaxQueuedTurns)
            {
                _queue.Dequeue();
            }
        }

        _signal.Set();
    }

    /// <summary>True while a turn-so-far is waiting and the thread is busy: a newer one would only replace it.</summary>
    public bool SoFarWaiting
    {
        get
        {
            lock (_queue)
            {
                return _soFar is not null || _queue.Count > 0;
            }
        }
    }

    /// <summary>Hands over the turn being played as heard so far (replacing any earlier one not yet heard).</summary>
    public void HearSoFar(TurnSoFar turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        lock (_queue)
        {
            _soFar = turn;
        }

        _signal.Set();
    }

    /// <summary>Drops the waiting turns and forgets the performer (before any later turn is heard).</summary>
    public void Forget()
    {
        lock (_queue)
        {
            _queue.Clear();
            _soFar = null;
            _forget = true;
        }

        _signal.Set();
    }

    /// <summary>Adaptations (or listening ahead, or forgetting) that threw; the previous adapter stayed in use.</summary>
    public int Failures => Volatile.Read(ref _failures);

    /// <summary>
    /// Stops the thread: a running adaptation is cancelled and joined, so nothing runs on the model after this, unless
    /// it does not stop within the timeout (a hung adaptation): then this returns anyway, logs it, and
    /// <see cref="IsAlive"/> stays true, so the caller must not dispose what the adaptation uses.
    /// </summary>
    public void Dispose()
    {
        _stop.Cancel();
        _signal.Set();
        if (!_thread.Join(_stopTimeout))
        {
            // The handles stay undisposed: the hung thread may still touch them when (if) it returns.
            _log($"adaptation thread did not stop within {_stopTimeout.TotalSeconds:0.#} s; leaving it (and the model it uses) alone");
            return;
        }

        _signal.Dispose();
        _stop.Dispose();
    }

    private void Run()
    {
        // Thread.Priority is ignored on Linux; the nice value is what makes this thread yield to the playing ones.
        RealtimePriority.TrySetCurrentThreadNice(RealtimePriority.AdaptationNice);
        while (!_stop.IsCancellationRequested)
        {
            _signal.WaitOne(100);
            Interlocked.Increment(ref _progress);
            CapturedPhrase[] turns;
            TurnSoFar? soFar;
            bool forget;
            lock (_queue)
            {
                forget = _forget;
                _forget = false;
                turns = [.. _queue];
                _queue.Clear();
                soFar = _soFar;
                _soFar = null;
            }

            if (_stop.IsCancellationRequested)
            {
                continue;
            }

            if (forget && !Guarded(_responder.Forget, "forgetting the performer failed"))
            {
                return;
            }

            if (turns.Length > 0 && !Learn(turns))
            {
                return;
            }

            if (soFar is not null)
            {
                PassOn(soFar);
            }
        }
    }

    // False when cancelled.
    private bool Learn(CapturedPhrase[] turns) => Guarded(() =>
    {
        var started = Stopwatch.GetTimestamp();
        _responder.Learn(turns, _stop.Token);
        var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        Volatile.Write(ref _lastMs, ms);
        Interlocked.Add(ref _learned, turns.Length);
        Adapted?.Invoke(ms);
    }, "adaptation failed, keeping the previous adapter");

    private void PassOn(TurnSoFar soFar) => Guarded(() =>
    {
        _responder.HearSoFar(soFar);
        Interlocked.Increment(ref _heardSoFar);
    }, "listening ahead failed (the turn's end will do it)");   // only work done ahead is lost: the finished turn is heard in full

    /// <summary>Runs one piece of the responder's work; false when stopping cancelled it.</summary>
    private bool Guarded(Action work, string failure)
    {
        try
        {
            work();
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Whatever the responder throws (an ONNX Runtime error, a bad phrase, a disk error) ends this piece of work,
            // not the thread: an exception escaping a thread would end the process with notes sounding and the
            // profile unsaved. The responder's snapshot was not replaced, so answers keep the previous adapter.
            Interlocked.Increment(ref _failures);
            _log($"{failure}: {ex.GetType().Name}: {ex.Message}");
        }

        return true;
    }
}
