using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>The engine on a fake clock with the deterministic scale responder.</summary>
public sealed class RealtimeEngineTests
{
    private static readonly EngineSettings Defaults = new() { ResponseDelaySeconds = 0.15, LookaheadSeconds = 0.3 };

    private static long PlayCall(RealtimeEngine engine, FakeClock clock, int basePitch = 72) =>
        TestCall.Play(engine, () => clock.Now, ms => clock.Run(ms), basePitch);

    private static void AssertAllReleased(IEnumerable<MidiMessage> messages)
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

        Assert.Empty(open);
    }

    [Fact]
    public void Call_response_answers_after_the_rest_and_delay_for_about_as_long_as_the_call()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var responder = new ScaleResponder();
        using var engine = new RealtimeEngine(responder, output, Defaults, clock);
        var lastRelease = PlayCall(engine, clock);
        clock.Run(600 + 150 + 750 + 300);

        var notes = output.Messages.Where(m => m.IsNoteOn || m.IsNoteOff).ToList();
        Assert.NotEmpty(notes);
        var intendedStart = lastRelease + FakeClock.Ms(600 + 150);
        Assert.InRange(notes[0].Timestamp, intendedStart, intendedStart + FakeClock.Ms(10));
        var length = (notes[^1].Timestamp - notes[0].Timestamp) / 1000.0;
        Assert.InRange(length, 600, 800);
        AssertAllReleased(output.Messages);
        Assert.Equal(1, responder.Adaptations);
        // Register: the scale starts at 60, the call sits around 73, so the answer moves up an octave.
        Assert.Equal(72, notes[0].Data1);
        Assert.Equal(1, engine.Output.ResponseLatency.Total);
    }

    [Fact]
    public void Performer_playing_again_cuts_the_answer_and_releases_its_notes()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Defaults with { Mode = EngineMode.Continue }, clock);
        PlayCall(engine, clock);
        clock.Run(600 + 150 + 2000);
        var beforeInterrupt = output.Messages.Count(m => m.IsNoteOn);
        Assert.True(beforeInterrupt > 15, $"continue mode should keep playing, sent {beforeInterrupt} notes");
        engine.Accept(MidiMessage.NoteOn(0, 50, 90, clock.Now));
        clock.Run(500);
        var afterInterrupt = output.Messages.Count(m => m.IsNoteOn);
        Assert.InRange(afterInterrupt - beforeInterrupt, 0, 1);
        AssertAllReleased(output.Messages);
    }

    [Fact]
    public void Learn_only_mode_adapts_but_stays_silent()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var responder = new ScaleResponder();
        using var engine = new RealtimeEngine(responder, output, Defaults with { Mode = EngineMode.LearnOnly }, clock);
        PlayCall(engine, clock);
        clock.Run(2000);
        Assert.Equal(1, responder.Adaptations);
        Assert.Equal(4, responder.LastAdapted![0].Notes.Count);
        Assert.DoesNotContain(output.Messages, m => m.IsNoteOn);
        Assert.Equal(1, engine.Status.PhrasesLearned);
    }

    [Fact]
    public void Panic_controller_stops_the_answer_and_sends_all_notes_off()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var settings = Defaults with { Mode = EngineMode.Continue, ControlMappings = new Dictionary<int, EngineParameter> { [119] = EngineParameter.Panic } };
        using var engine = new RealtimeEngine(new ScaleResponder(), output, settings, clock);
        PlayCall(engine, clock);
        clock.Run(600 + 150 + 330);
        engine.Accept(MidiMessage.ControlChange(0, 119, 127, clock.Now));
        clock.Run(300);
        var afterPanic = output.Messages.SkipWhile(m => !(m.IsControlChange && m.Data1 == 123)).ToList();
        Assert.NotEmpty(afterPanic);
        Assert.DoesNotContain(afterPanic, m => m.IsNoteOn);
        AssertAllReleased(output.Messages);
    }

    [Fact]
    public void Learn_controls_maps_the_next_moved_controller_and_it_then_transposes()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Defaults, clock);
        engine.Controllers.Learn(EngineParameter.Transpose);
        engine.Accept(MidiMessage.ControlChange(0, 21, 64, clock.Now));
        clock.Run(20);
        Assert.Equal(EngineParameter.Transpose, engine.Controllers.Mappings[21]);
        engine.Accept(MidiMessage.ControlChange(0, 21, 127, clock.Now));
        clock.Run(20);
        Assert.Equal(24, engine.Controls.Transpose);
        PlayCall(engine, clock);
        clock.Run(900);
        Assert.Equal(72 + 24, output.Messages.First(m => m.IsNoteOn).Data1);
    }

    [Fact]
    public void Idle_timeout_forgets_the_visitor()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var responder = new ScaleResponder();
        using var engine = new RealtimeEngine(responder, output, Defaults with { Mode = EngineMode.LearnOnly, IdleForgetSeconds = 2 }, clock);
        PlayCall(engine, clock);
        clock.Run(1500);
        Assert.Equal(0, responder.Forgets);
        clock.Run(1500);
        Assert.Equal(1, responder.Forgets);
    }

    [Fact]
    public void Dispose_mid_answer_releases_every_sounding_note()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var engine = new RealtimeEngine(new ScaleResponder(), output, Defaults with { Mode = EngineMode.Continue }, clock);
        PlayCall(engine, clock);
        clock.Run(600 + 150 + 40);   // inside the first answered note (80 ms long)
        Assert.True(engine.Output.Sounding.Count > 0);
        engine.Dispose();
        AssertAllReleased(output.Messages);
        Assert.Contains(output.Messages, m => m.IsControlChange && m.Data1 == 123);
    }

    [Fact]
    public void A_rest_the_voice_samples_before_its_first_note_does_not_delay_the_answer_past_the_response_delay()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder { LeadingRestSteps = 45 }, output, Defaults, clock);
        var lastRelease = PlayCall(engine, clock);
        clock.Run(600 + 150 + 200, stepMs: 2);
        var first = output.Messages.First(m => m.IsNoteOn);
        // The call ends after the 600 ms rest; the answer starts 150 ms later, not 450 ms after that.
        Assert.InRange(first.Timestamp, lastRelease + FakeClock.Ms(750), lastRelease + FakeClock.Ms(770));
    }

    [Fact]
    public void A_slow_adaptation_does_not_delay_the_answer_past_its_start()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder { AdaptDelayMs = 400 }, output, Defaults, clock);
        var lastRelease = PlayCall(engine, clock);
        clock.Run(600 + 150 + 200, stepMs: 2);
        var first = output.Messages.First(m => m.IsNoteOn);
        Assert.InRange(first.Timestamp, lastRelease + FakeClock.Ms(750), lastRelease + FakeClock.Ms(770));
    }

    [Fact]
    public void An_input_flood_is_bounded_and_counted()
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        using var engine = new RealtimeEngine(new ScaleResponder(), output, Defaults with { InputQueueCapacity = 64 }, clock);
        for (var i = 0; i < 100_000; i++)
        {
            engine.Accept(MidiMessage.ControlChange(0, 1, i & 0x7F, clock.Now));
        }

        Assert.True(engine.Status.DroppedInput > 0);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void A_synth_echoing_the_answer_back_is_ignored_only_with_echo_protection(bool protect)
    {
        var clock = new FakeClock();
        var output = new RecordingOutput(clock);
        var settings = Defaults with { EchoWindowSeconds = protect ? 0.05 : null };
        using var engine = new RealtimeEngine(new ScaleResponder(), output, settings, clock);
        // The synth sends every note the box plays straight back, 5 ms later.
        engine.Output.Sent += (m, t) =>
        {
            if (m.IsNoteOn || m.IsNoteOff)
            {
                engine.Accept(m with { Timestamp = t + FakeClock.Ms(5) });
            }
        };
        PlayCall(engine, clock);
        clock.Run(600 + 150 + 750 + 300);

        var answerOns = output.Messages.Count(m => m.IsNoteOn);
        if (protect)
        {
            Assert.True(engine.EchoesIgnored > 0);
            Assert.True(answerOns >= 6, $"{answerOns} answer notes: the echo cut the answer");
            Assert.Equal(1, engine.Status.PhrasesCaptured);
        }
        else
        {
            Assert.Equal(0, engine.EchoesIgnored);
            Assert.True(answerOns <= 2, $"{answerOns} answer notes: without protection the echo should stop the answer at once");
        }
    }
}
