using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tests.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// The output port's write throws mid-answer (issue 14, item 6): the engine keeps running, and once the port takes
/// messages again nothing it heard is left sounding.
/// </summary>
[Trait("Category", "FaultInjection")]
public sealed class OutputWriteFailureTests
{
    private static readonly EngineSettings Settings = new() { ResponseDelaySeconds = 0.15, LookaheadSeconds = 0.3 };

    /// <summary>A port whose sends numbered <c>failFrom</c> to <c>failFrom + failCount - 1</c> (1-based) throw; it keeps what got through.</summary>
    private sealed class FailingOutput(IClock clock, int failFrom, int failCount) : IMidiOutput
    {
        private readonly Lock _gate = new();
        private readonly List<MidiMessage> _received = [];
        private int _sends;

        public string Name => "flaky synth";

        public bool IsConnected => true;

        public int Throws { get; private set; }

        public List<MidiMessage> Received
        {
            get
            {
                lock (_gate)
                {
                    return [.. _received];
                }
            }
        }

        public event EventHandler<MidiPortStatusEventArgs>? StatusChanged
        {
            add { }
            remove { }
        }

        public bool Send(in MidiMessage message)
        {
            lock (_gate)
            {
                _sends++;
                if (_sends >= failFrom && _sends < failFrom + failCount)
                {
                    Throws++;
                    throw new IOException("write to flaky synth failed: Input/output error");
                }

                _received.Add(message with { Timestamp = clock.Now });
                return true;
            }
        }

        public void Dispose()
        {
        }
    }

    private static void PlayCall(RealtimeEngine engine, FakeClock clock, int basePitch = 72)
    {
        for (var i = 0; i < 4; i++)
        {
            engine.Accept(MidiMessage.NoteOn(0, basePitch + i, 90, clock.Now));
            clock.Run(150);
            engine.Accept(MidiMessage.NoteOff(0, basePitch + i, 0, clock.Now));
            clock.Run(50);
        }
    }

    [Fact]
    public void A_write_that_throws_mid_answer_is_survived_and_nothing_hangs_once_the_port_is_back()
    {
        var clock = new FakeClock();
        // Sends 1-2: the first answer note on and off; 3-6 throw (the second note's on and off, the third's on and off).
        var port = new FailingOutput(clock, failFrom: 3, failCount: 4);
        var log = new List<string>();
        using var engine = new RealtimeEngine(new ScaleResponder(), port, Settings, clock, line => { lock (log) { log.Add(line); } });

        PlayCall(engine, clock);
        clock.Run(600 + 150 + 900);
        Assert.Equal(4, port.Throws);
        Assert.True(engine.ThreadsAlive);

        // The port is back: the next call is answered and, at the end, nothing is left sounding.
        var before = port.Received.Count(m => m.IsNoteOn);
        PlayCall(engine, clock, basePitch: 60);
        clock.Run(600 + 150 + 900);
        Assert.True(port.Received.Count(m => m.IsNoteOn) > before + 3, "the call after the fault was not answered");
        Assert.Empty(HangingNotes.In(port.Received));
        lock (log)
        {
            Assert.Contains(log, l => l.Contains("output 'flaky synth' lost (send failed: write to flaky synth failed", StringComparison.Ordinal));
            Assert.Contains(log, l => l.Contains("output 'flaky synth' connected", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void A_note_on_that_went_out_before_the_port_failed_is_released_by_the_first_send_that_goes_through()
    {
        var clock = new FakeClock();
        // Send 1 (the first answer note on) goes out; from its note-off on, 20 sends throw: the note-off is lost.
        var port = new FailingOutput(clock, failFrom: 2, failCount: 20);
        using var engine = new RealtimeEngine(new ScaleResponder(), port, Settings with { Mode = EngineMode.Continue }, clock);

        PlayCall(engine, clock);
        clock.Run(600 + 150 + 3000);
        var received = port.Received;
        Assert.Equal(20, port.Throws);
        Assert.True(received[0].IsNoteOn, "the first answer note did not go out");
        // The first message through after the fault is the owed all-notes-off, before any new note.
        Assert.True(received[1] is { IsControlChange: true, Channel: 0, Data1: MidiMessage.AllNotesOffController }, $"after the fault came {received[1]}");
        engine.Dispose();
        Assert.Empty(HangingNotes.In(port.Received));
    }

    [Fact]
    public void A_port_that_throws_on_every_send_stops_neither_listening_nor_the_engine_shutting_down()
    {
        var clock = new FakeClock();
        var port = new FailingOutput(clock, failFrom: 1, failCount: int.MaxValue / 2);
        var responder = new ScaleResponder();
        var engine = new RealtimeEngine(responder, port, Settings, clock);

        PlayCall(engine, clock);
        clock.Run(600 + 150 + 900);
        PlayCall(engine, clock);
        clock.Run(1000);

        Assert.True(port.Throws > 0);
        Assert.True(engine.ThreadsAlive);
        Assert.Equal(2, engine.Status.PhrasesLearned);
        engine.Dispose();
        Assert.True(engine.StoppedCleanly);
    }
}
