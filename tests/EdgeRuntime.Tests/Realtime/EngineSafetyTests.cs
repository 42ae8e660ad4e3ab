using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>Device loss, mode changes, MIDI clock out and recording, on the fake clock.</summary>
public sealed class EngineSafetyTests
{
    private static readonly EngineSettings Continue = new() { Mode = EngineMode.Continue, ResponseDelaySeconds = 0.1, LookaheadSeconds = 0.3 };

    private sealed class FakeInput : IMidiInput
    {
        public string Name => "fake keyboard";

        public bool IsConnected { get; private set; } = true;

        public MidiParserCounters Counters { get; } = new();

        public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

        public void Start(Action<MidiMessage> onMessage)
        {
        }

        public void Unplug()
        {
            IsConnected = false;
            StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, false, "unplugged"));
        }

        public void Dispose()
        {
        }
    }

    private static void PlayShortCall(RealtimeEngine engine, FakeClock clock)
    {
        engine.Accept(MidiMessage.NoteOn(0, 60, 90, clock.Now));
        clock.Run(200);
        engine.Accept(MidiMessage.NoteOff(0, 60, 0, clock.Now));
    }

    private static int Sounding(IEnumerable<MidiMessage> messages)
    {
        var open = new HashSet<(int, int)>();
        foreach (var m in messages)
        {
            if (m.IsNoteOn)
            {
                open.Add((m.Channel, m.Data1));
            }
            else if (m.IsNoteOff)
            {
                open.Remove((m.Channel, m.Data1));
            }
        }

        return open.Count;
    }

    [Fact]
    public void Losing_the_input_device_mid_answer_releases_every_note_and_logs_it()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var log = new List<string>();
        var input = new FakeInput();
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Continue, clock, line => { lock (log) { log.Add(line); } });
        engine.Attach(input);
        PlayShortCall(engine, clock);
        clock.Run(600 + 100 + 40);
        Assert.True(engine.Output.Sounding.Count > 0);
        input.Unplug();
        clock.Run(50);
        Assert.Equal(0, Sounding(output.Messages));
        Assert.Contains(output.Messages, m => m.IsControlChange && m.Data1 == 123);
        lock (log)
        {
            Assert.Contains(log, l => l.Contains("fake keyboard", StringComparison.Ordinal) && l.Contains("lost", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Changing_mode_mid_answer_releases_every_note()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Continue, clock);
        PlayShortCall(engine, clock);
        clock.Run(600 + 100 + 40);
        Assert.True(engine.Output.Sounding.Count > 0);
        engine.Mode = EngineMode.LearnOnly;
        clock.Run(300);
        Assert.Equal(0, Sounding(output.Messages));
        Assert.Equal(0, engine.Output.Sounding.Count);
    }

    [Fact]
    public void Midi_clock_out_sends_24_pulses_per_quarter_note()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, new EngineSettings { ClockOutBpm = 120 }, clock);
        clock.Run(1000, stepMs: 2);
        var pulses = output.Messages.Count(m => m.Status == MidiMessage.ClockStatus);
        Assert.InRange(pulses, 46, 50);   // 120 BPM = 48 pulses per second
    }

    [Fact]
    public void Recording_keeps_the_performer_and_the_answers_on_separate_tracks()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var recorder = new SessionRecorder(clock.Frequency);
        using (var engine = new RealtimeEngine(new ScaleResponder(), output, new EngineSettings { ResponseDelaySeconds = 0.1 }, clock, recorder: recorder))
        {
            PlayShortCall(engine, clock);
            clock.Run(600 + 100 + 400);
        }

        var notes = recorder.ToNotes();
        var performer = Assert.Single(notes, n => n.Track == SessionRecorder.PerformerTrack);
        Assert.Equal(60, performer.Pitch);
        Assert.Equal(0.2, performer.Duration, 2);
        var answers = notes.Where(n => n.Track == SessionRecorder.BoxTrack).ToList();
        Assert.NotEmpty(answers);
        Assert.All(answers, n => Assert.True(n.Start >= 0.2 + 0.6 + 0.1 - 0.01, $"answer note at {n.Start}"));
    }
}
