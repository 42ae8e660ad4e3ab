using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tests.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// Adaptation throws or hangs (issue 14, item 6): the engine keeps answering with the adapter it had, says so, and
/// still stops in bounded time.
/// </summary>
[Trait("Category", "FaultInjection")]
public sealed class AdaptationFailureTests
{
    private static readonly EngineSettings Settings = new() { ResponseDelaySeconds = 0.15, LookaheadSeconds = 0.3 };

    /// <summary>
    /// The scale responder's answers, with an adapter version that each successful adaptation moves on (as the duet's
    /// snapshot does) and a Learn that fails as told: throws on the chosen turns, or blocks (ignoring cancellation).
    /// </summary>
    private sealed class FaultyResponder(Func<int, Exception?> failure, ManualResetEventSlim? hang = null) : IResponder
    {
        private readonly ScaleResponder _voice = new();
        private int _version;
        private int _learns;
        private int _learned;

        public List<int> AnswerVersions { get; } = [];

        public int Learned => Volatile.Read(ref _learned);

        public void Learn(IReadOnlyList<CapturedPhrase> turns, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref _learns);
            hang?.Wait(CancellationToken.None);   // a hung native call does not look at the token
            if (failure(call) is { } ex)
            {
                throw ex;
            }

            Interlocked.Increment(ref _version);
            Interlocked.Add(ref _learned, turns.Count);
        }

        public void Forget()
        {
        }

        public AnswerPlan BeginResponse(CapturedPhrase? call, float temperature, double length, bool endless)
        {
            lock (AnswerVersions)
            {
                AnswerVersions.Add(Volatile.Read(ref _version));
            }

            return _voice.BeginResponse(call, temperature, length, endless);
        }

        public int NextToken() => _voice.NextToken();

        public void Continue() => _voice.Continue();

        public void RingOut() => _voice.RingOut();
    }

    private static long PlayCall(RealtimeEngine engine, FakeClock clock) => TestCall.Play(engine, () => clock.Now, ms => clock.Run(ms));

    public static TheoryData<string> Failures => ["onnx", "io", "null"];

    private static Exception Make(string kind) => kind switch
    {
        "onnx" => new Exception("[ErrorCode:RuntimeException] Non-zero status code returned while running Gemm node"),   // OnnxRuntimeException derives from Exception
        "io" => new IOException("No space left on device"),
        _ => new NullReferenceException("Object reference not set to an instance of an object."),
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void An_adaptation_that_throws_keeps_the_previous_adapter_answering_and_is_reported(string kind)
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var log = new List<string>();
        var responder = new FaultyResponder(call => call == 2 ? Make(kind) : null);
        using var engine = new RealtimeEngine(responder, output, Settings, clock, line => { lock (log) { log.Add(line); } });

        for (var turn = 0; turn < 3; turn++)
        {
            PlayCall(engine, clock);
            clock.Run(600 + 150 + 1000);
        }

        Assert.True(engine.ThreadsAlive);
        // The first answer had adaptation 1; the second's adaptation failed, so it kept 1; the third got the next one.
        Assert.Equal([1, 1, 2], responder.AnswerVersions);
        Assert.Equal(1, engine.AdaptationFailures);
        Assert.Empty(HangingNotes.In(output.Messages));
        lock (log)
        {
            Assert.Contains(log, l => l.StartsWith("adaptation failed, keeping the previous adapter: ", StringComparison.Ordinal) && l.Contains(Make(kind).Message, StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_hung_adaptation_delays_no_answer_and_the_engine_still_stops_in_bounded_time()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var log = new List<string>();
        using var hang = new ManualResetEventSlim(false);
        var responder = new FaultyResponder(_ => null, hang);
        var engine = new RealtimeEngine(responder, output, Settings with { AdaptationStopTimeoutSeconds = 0.5 }, clock, line => { lock (log) { log.Add(line); } });
        try
        {
            var lastRelease = PlayCall(engine, clock);
            clock.Run(600 + 150 + 200, stepMs: 1);

            // The answer starts at its time with the adapter it had, though the adaptation never returns (the window
            // allows for a loaded machine waking threads late against the fast-moving fake clock).
            var first = output.Messages.First(m => m.IsNoteOn);
            Assert.InRange(first.Timestamp, lastRelease + FakeClock.Ms(750), lastRelease + FakeClock.Ms(850));
            Assert.Equal([0], responder.AnswerVersions);

            var stopping = Stopwatch.StartNew();
            engine.Dispose();
            Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(4), $"stopping took {stopping.Elapsed}");
            Assert.False(engine.StoppedCleanly);   // so LiveSession leaves the model's sessions alone
            Assert.Empty(HangingNotes.In(output.Messages));
            lock (log)
            {
                Assert.Contains(log, l => l.StartsWith("adaptation thread did not stop within 0.5 s", StringComparison.Ordinal));
            }
        }
        finally
        {
            hang.Set();
            engine.Dispose();
        }
    }

    [Fact]
    public void A_slow_adaptation_that_ends_within_the_stop_timeout_stops_cleanly()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var engine = new RealtimeEngine(new ScaleResponder { AdaptDelayMs = 300 }, output, Settings, clock);
        PlayCall(engine, clock);
        clock.Run(600 + 50);
        engine.Dispose();
        Assert.True(engine.StoppedCleanly);
    }
}
