using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The output thread (SCHED_FIFO where allowed): sends each scheduled event at its time on the clock (the clock
/// sleeps, then spins at most a fraction of a millisecond), tracks sounding notes, and is the one place that releases them. Events of a
/// cancelled answer (older generation) are skipped and what they left sounding is released. Optionally
/// sends MIDI clock at 24 ppqn. Nothing here allocates per event.
/// <para>Clock jumps: a note-on whose time passed more than <see cref="MaxLatenessSeconds"/> ago (the process was
/// stopped or starved, the clock leapt forward) is skipped and counted, so a stall never ends in a burst of stale
/// notes; the releases of sounding notes still go out, however late. A clock that steps back (it reads earlier than
/// it did a moment ago; a clock that can must end its waits when it does, see <see cref="IClock.WaitUntil"/>) ends the
/// answer and releases its notes at once instead of holding them for the length of the jump.</para>
/// </summary>
public sealed class OutputScheduler : IAnswerOutput, IDisposable
{
    private readonly IClock _clock;
    private readonly IMidiOutput _output;
    private readonly AutoResetEvent _wake = new(false);
    private readonly Thread _thread;
    private readonly SessionRecorder? _recorder;
    private volatile bool _stopping;
    private int _generation;
    private volatile bool _releaseRequested;
    private long _clockPeriod;   // ticks between MIDI clock pulses, 0 = off
    private long _nextClock;
    private int _firstNoteGeneration = -1;
    private long _sent;
    private long _late;
    private long _dropped;
    private long _skipped;
    private long _lastNow;
    private long _staleSkipped;

    /// <summary>The output thread's name (Linux shows its first 15 characters).</summary>
    public const string ThreadName = "midi-out scheduler";

    /// <summary>A note-on later than this when its turn comes is skipped (a stall or a forward clock jump), in seconds.</summary>
    public const double MaxLatenessSeconds = 0.2;

    /// <summary>Creates and starts the output thread.</summary>
    public OutputScheduler(IClock clock, IMidiOutput output, int capacity = 4096, SessionRecorder? recorder = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(output);
        _clock = clock;
        _output = output;
        _recorder = recorder;
        Buffer = new LookaheadBuffer(capacity);
        _thread = new Thread(Run) { IsBackground = true, Name = ThreadName, Priority = ThreadPriority.Highest };
        _thread.Start();
    }

    /// <summary>The lookahead ring the generator writes into (single producer).</summary>
    public LookaheadBuffer Buffer { get; }

    /// <inheritdoc/>
    public bool TryWrite(in ScheduledEvent item) => Buffer.TryWrite(item);

    /// <summary>Notes sounding on the output.</summary>
    public SoundingNotes Sounding { get; } = new();

    /// <summary>Lateness of each sent event against its intended time, in ms.</summary>
    public LatencyLog Jitter { get; } = new();

    /// <summary>Lateness of each answer's first note against its intended time (end of call + musical delay), in ms.</summary>
    public LatencyLog ResponseLatency { get; } = new();

    /// <summary>
    /// An event sent more than this many ms after its intended time counts as late (<see cref="LateEvents"/>): the
    /// README's budget for MIDI-in → answer-out p99.
    /// </summary>
    public const double LateThresholdMs = 2.0;

    /// <summary>Scheduled events handed to the output port (answer notes; MIDI clock and releases not counted).</summary>
    public long SentEvents => Interlocked.Read(ref _sent);

    /// <summary>Sent events that went out more than <see cref="LateThresholdMs"/> after their intended time.</summary>
    public long LateEvents => Interlocked.Read(ref _late);

    /// <summary>Scheduled events of the current answer that the output port refused (device or reader absent, buffer full).</summary>
    public long DroppedEvents => Interlocked.Read(ref _dropped);

    /// <summary>Queued events skipped because their answer was cancelled (the performer played, panic, mode change): by design, not lost.</summary>
    public long CancelledEvents => Interlocked.Read(ref _skipped);

    /// <summary>Clock ticks at which the most recent event was actually sent.</summary>
    public long LastSentTicks { get; private set; }

    /// <summary>Note-ons skipped because they were more than <see cref="MaxLatenessSeconds"/> late.</summary>
    public long StaleNotesSkipped => Interlocked.Read(ref _staleSkipped);

    /// <summary>Current generation: events written with another generation are skipped.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Raised on the output thread after each note is sent (for tests and the status line; keep it cheap).</summary>
    public event Action<MidiMessage, long>? Sent;

    /// <summary>Marks the next note-on of generation <paramref name="generation"/> as an answer's first note, whose lateness is the answer latency.</summary>
    public void ExpectFirstNote(int generation) => Volatile.Write(ref _firstNoteGeneration, generation);

    /// <summary>Wakes the output thread because new events are in the buffer.</summary>
    public void Notify() => _wake.Set();

    /// <summary>Skips every queued event of the current answer and releases every sounding note. Returns the new generation.</summary>
    public int CancelAndRelease()
    {
        var next = Interlocked.Increment(ref _generation);
        _releaseRequested = true;
        _wake.Set();
        return next;
    }

    /// <summary>Sends MIDI clock at <paramref name="bpm"/> (24 pulses per quarter), or stops it when null.</summary>
    public void SetClockOut(double? bpm)
    {
        var period = bpm is > 0 ? (long)(_clock.Frequency * 60.0 / (bpm.Value * 24)) : 0;
        _nextClock = _clock.Now + period;
        Interlocked.Exchange(ref _clockPeriod, period);
        _wake.Set();
    }

    /// <summary>Stops the thread, then releases every sounding note (note-off each, CC 123 per used channel).</summary>
    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _wake.Set();
        _thread.Join(TimeSpan.FromSeconds(2));
        Sounding.ReleaseAll(_output);
        _wake.Dispose();
    }

    private void Run()
    {
        RealtimePriority.TryElevateCurrentThread(RealtimePriority.OutputPriority);
        _lastNow = _clock.Now;
        while (!_stopping)
        {
            CheckClockStep();
            if (_releaseRequested)
            {
                _releaseRequested = false;
                Sounding.ReleaseAll(_output);
            }

            var clockPeriod = Interlocked.Read(ref _clockPeriod);
            var haveEvent = Buffer.TryPeek(out var next);
            if (haveEvent && next.Generation != Volatile.Read(ref _generation))
            {
                Buffer.Advance();
                Interlocked.Increment(ref _skipped);
                continue;
            }

            if (!haveEvent && clockPeriod == 0)
            {
                _wake.WaitOne(5);
                continue;
            }

            var due = haveEvent ? next.Due : long.MaxValue;
            var sendClock = clockPeriod > 0 && _nextClock <= due;
            if (!_clock.WaitUntil(sendClock ? _nextClock : due, _wake))
            {
                continue;   // woken early: new events, a cancel, or stop
            }

            if (sendClock)
            {
                _output.Send(MidiMessage.RealTime(MidiMessage.ClockStatus));
                _nextClock += clockPeriod;
                continue;
            }

            if (next.Generation != Volatile.Read(ref _generation))
            {
                continue;
            }

            Send(next);
            Buffer.Advance();
        }
    }

    // A clock that went back would hold every queued event, the sounding notes' releases with them, for as long as it
    // jumped: end the answer now (its notes released) and restart MIDI clock out from here. Clock pulses that fell far
    // behind (a forward jump) restart from now rather than going out in a burst.
    private void CheckClockStep()
    {
        var now = _clock.Now;
        if (now < _lastNow)
        {
            CancelAndRelease();
            _nextClock = now + Interlocked.Read(ref _clockPeriod);
        }
        else if (Interlocked.Read(ref _clockPeriod) > 0 && now - _nextClock > (long)(MaxLatenessSeconds * _clock.Frequency))
        {
            _nextClock = now;
        }

        _lastNow = now;
    }

    private void Send(in ScheduledEvent item)
    {
        var message = item.Message;
        if (message.IsNoteOff && !Sounding.IsSounding(message.Channel, message.Data1))
        {
            return;   // already released (panic, retrigger): a second note-off would be noise
        }

        if (message.IsNoteOn && _clock.Now - item.Due > (long)(MaxLatenessSeconds * _clock.Frequency))
        {
            Interlocked.Increment(ref _staleSkipped);   // stale after a stall: skipped, and its note-off with it
            return;
        }

        Sounding.Track(message);
        var delivered = _output.Send(message);
        var now = _clock.Now;
        LastSentTicks = now;
        Interlocked.Increment(ref _sent);
        if (!delivered)
        {
            Interlocked.Increment(ref _dropped);
        }

        var lateMs = (now - item.Due) * 1000.0 / _clock.Frequency;
        if (lateMs > LateThresholdMs)
        {
            Interlocked.Increment(ref _late);
        }

        Jitter.Add(lateMs);
        if (message.IsNoteOn && Volatile.Read(ref _firstNoteGeneration) == item.Generation)
        {
            Volatile.Write(ref _firstNoteGeneration, -1);
            ResponseLatency.Add(lateMs);
        }

        _recorder?.Record(now, message, SessionRecorder.BoxTrack);
        Sent?.Invoke(message, now);
    }
}
