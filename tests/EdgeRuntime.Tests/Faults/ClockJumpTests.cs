using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tests.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// The clock jumps (issue 14, item 6): forward, as when the process was stopped or starved for seconds, and backward,
/// as a clock that can step would. The output neither bursts the stale notes nor stalls, and nothing is left sounding.
/// </summary>
[Trait("Category", "FaultInjection")]
public sealed class ClockJumpTests
{
    private static readonly EngineSettings Continue = new() { Mode = EngineMode.Continue, ResponseDelaySeconds = 0.15, LookaheadSeconds = 0.3 };

    /// <summary>A hand-moved clock (1 tick = 1 µs) that can jump either way; a wait ends early when it steps back, as <see cref="IClock.WaitUntil"/> asks.</summary>
    private sealed class JumpingClock : IClock
    {
        private readonly FakeClock _time = new();
        private long _offset = FakeClock.Ms(100_000);   // far from zero, so a jump back leaves the clock positive (as a monotonic clock's ticks are)

        public long Now => _time.Now + Interlocked.Read(ref _offset);

        public long Frequency => _time.Frequency;

        public void Jump(double ms) => Interlocked.Add(ref _offset, FakeClock.Ms(ms));

        public void Run(double ms, double stepMs = 5) => _time.Run(ms, stepMs);

        public bool WaitUntil(long ticks, WaitHandle? wake = null)
        {
            var from = Now;
            while (Now < ticks)
            {
                if (Now < from || (wake is not null ? wake.WaitOne(1) : Sleep()))
                {
                    return false;
                }
            }

            return true;
        }

        private static bool Sleep()
        {
            Thread.Sleep(1);
            return false;
        }
    }

    private static long PlayCall(RealtimeEngine engine, JumpingClock clock, int basePitch = 72) =>
        TestCall.Play(engine, () => clock.Now, ms => clock.Run(ms), basePitch);

    [Fact]
    public void A_forward_jump_mid_answer_skips_the_stale_notes_instead_of_bursting_them_and_playing_goes_on()
    {
        var clock = new JumpingClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Continue, clock);
        PlayCall(engine, clock);
        clock.Run(600 + 150 + 540);   // inside the answer's sixth note
        Assert.True(engine.Output.Sounding.Count > 0);
        var beforeJump = output.Messages.Count;
        var jumpedAt = clock.Now;

        // Three seconds gone at once (the scale responder climbs a semitone a note, so the test stays under 60 notes).
        clock.Jump(3_000);
        clock.Run(100, stepMs: 1);

        // In the first 100 ms after the jump: the note sounding at the jump released, at most the notes due in those
        // 100 ms, none of the thirty whose time passed during the jump.
        var before = output.Messages.Take(beforeJump).ToList();
        var afterJump = output.Messages.Skip(beforeJump).Where(m => m.Timestamp < jumpedAt + FakeClock.Ms(3_000 + 100)).ToList();
        Assert.InRange(afterJump.Count(m => m.IsNoteOn), 0, 4);   // those due in the last 200 ms and the next 100 ms
        Assert.Empty(HangingNotes.In(before).Intersect(HangingNotes.In(before.Concat(afterJump))));
        Assert.InRange(engine.Output.StaleNotesSkipped, 25, 31);

        // No stall: the continuation keeps playing on time on the new clock.
        var resumed = output.Messages.Count(m => m.IsNoteOn);
        clock.Run(1000);
        Assert.InRange(output.Messages.Count(m => m.IsNoteOn) - resumed, 8, 11);
        engine.Dispose();
        Assert.Empty(HangingNotes.In(output.Messages));
    }

    [Fact]
    public void A_backward_jump_mid_answer_releases_its_notes_at_once_and_the_next_call_is_answered_on_time()
    {
        var clock = new JumpingClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Continue with { Mode = EngineMode.CallResponse }, clock);
        PlayCall(engine, clock);
        clock.Run(600 + 150 + 240);   // inside the answer's third note
        Assert.True(engine.Output.Sounding.Count > 0);

        clock.Jump(-10_000);   // ten seconds back
        clock.Run(50, stepMs: 1);

        // Without the fix the note-off lies ten seconds ahead now: the note would hang that long and nothing play.
        Assert.Equal(0, engine.Output.Sounding.Count);
        Assert.Empty(HangingNotes.In(output.Messages));

        var before = output.Messages.Count;
        var lastRelease = PlayCall(engine, clock, basePitch: 60);
        clock.Run(600 + 150 + 300, stepMs: 2);
        var first = output.Messages.Skip(before).First(m => m.IsNoteOn);
        Assert.InRange(first.Timestamp, lastRelease + FakeClock.Ms(750), lastRelease + FakeClock.Ms(850));   // not ten seconds late
        engine.Dispose();
        Assert.Empty(HangingNotes.In(output.Messages));
    }

    [Fact]
    public void Midi_clock_out_after_a_forward_jump_resumes_at_its_rate_instead_of_catching_up()
    {
        var clock = new JumpingClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, new EngineSettings { ClockOutBpm = 120 }, clock);
        clock.Run(500, stepMs: 2);
        clock.Jump(10_000);
        var before = output.Messages.Count(m => m.Status == MidiMessage.ClockStatus);
        clock.Run(500, stepMs: 2);
        var pulses = output.Messages.Count(m => m.Status == MidiMessage.ClockStatus) - before;
        Assert.InRange(pulses, 20, 28);   // 48 per second: about 24 in half a second, not the 480 the jump skipped over
    }
}
