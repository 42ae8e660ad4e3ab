using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Leds;
using EdgeMeta.Firmware.Engine;
using EdgeMeta.Firmware.Tests.Fakes;

namespace EdgeMeta.Firmware.Tests.Box;

public sealed class BoxControllerTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(20);

    private sealed class Rig
    {
        public Rig(BoxControllerSettings? settings = null, params string[] profiles)
        {
            Engine = new FakeBoxEngine(profiles);
            Box = new BoxController(Engine, settings ?? new BoxControllerSettings());
            Tick();
        }

        public FakeBoxEngine Engine { get; }

        public BoxController Box { get; }

        public TimeSpan Now { get; private set; }

        public BoxState State => Box.Machine.State;

        public void Tick(TimeSpan? after = null)
        {
            Now += after ?? Step;
            Box.Tick(Now);
        }

        public void Press(BoxControl control, int steps = 0, bool pushed = false)
        {
            Box.Handle(new BoxControlEvent(control, steps, pushed));
            Tick();
        }
    }

    [Fact]
    public void Learn_starts_the_engine_learn_only_and_learn_again_stops_it()
    {
        var rig = new Rig();
        rig.Press(BoxControl.LearnPress);
        Assert.Equal(BoxState.Learning, rig.State);
        rig.Press(BoxControl.LearnPress);

        Assert.Equal(BoxState.Idle, rig.State);
        Assert.Equal(["open", "start Learn", "panic", "stop"], rig.Engine.Calls);
    }

    [Fact]
    public void Play_answers_each_phrase_then_stop_releases_everything()
    {
        var rig = new Rig();
        rig.Press(BoxControl.PlayPress);
        Assert.Equal(BoxState.Listening, rig.State);

        rig.Engine.Phrase();
        rig.Engine.Status = rig.Engine.Status with { Answers = 1, Answering = true };
        rig.Tick();
        Assert.Equal(BoxState.Playing, rig.State);
        Assert.Equal(LedPattern.On, rig.Box.View.PlayLed);

        rig.Engine.Status = rig.Engine.Status with { Answering = false };
        rig.Tick();
        Assert.Equal(BoxState.Listening, rig.State);

        rig.Press(BoxControl.PlayPress);
        Assert.Equal(BoxState.Idle, rig.State);
        Assert.Equal(["open", "start CallResponse", "panic", "stop"], rig.Engine.Calls);
        Assert.Equal(1, rig.Box.View.PhrasesLearned);
        Assert.Equal(25.5, rig.Box.View.LastAdaptationMs);
    }

    [Fact]
    public void Continue_mode_is_what_play_starts_when_configured()
    {
        var rig = new Rig(new BoxControllerSettings { PlayMode = BoxPlayMode.Continue });
        rig.Press(BoxControl.PlayPress);
        Assert.Contains("start Continue", rig.Engine.Calls);
    }

    [Fact]
    public void Learning_then_play_switches_the_running_engine_to_call_and_response()
    {
        var rig = new Rig();
        rig.Press(BoxControl.LearnPress);
        rig.Engine.Phrase();
        rig.Tick();
        rig.Press(BoxControl.PlayPress);

        Assert.Equal(BoxState.Listening, rig.State);
        Assert.Equal(["open", "start Learn", "start CallResponse"], rig.Engine.Calls);
    }

    [Fact]
    public void Holding_play_panics()
    {
        var rig = new Rig();
        rig.Press(BoxControl.PlayPress);
        rig.Press(BoxControl.PlayHold);

        Assert.Equal(BoxState.Idle, rig.State);
        Assert.Equal(["open", "start CallResponse", "panic", "stop"], rig.Engine.Calls);
        Assert.Equal("ALL NOTES OFF", rig.Box.View.Notice);
    }

    [Fact]
    public void Clear_needs_a_hold_and_a_confirmation()
    {
        var rig = new Rig();
        rig.Press(BoxControl.ClearPress);
        Assert.Equal("HOLD CLEAR TO CLEAR", rig.Box.View.Notice);

        rig.Press(BoxControl.ClearHold);
        Assert.Equal(BoxScreen.ConfirmClear, rig.Box.View.Screen);
        Assert.Equal(LedPattern.FastBlink, rig.Box.View.ErrorLed);
        rig.Press(BoxControl.ClearPress);

        Assert.Equal(BoxScreen.Status, rig.Box.View.Screen);
        Assert.Equal(["open", "clear house"], rig.Engine.Calls);
        Assert.Equal("PROFILE CLEARED", rig.Box.View.Notice);
    }

    [Theory]
    [InlineData(BoxControl.PlayPress)]
    [InlineData(BoxControl.LearnPress)]
    [InlineData(BoxControl.KnobPress)]
    public void Any_other_button_cancels_the_clear_and_does_nothing_else(BoxControl other)
    {
        var rig = new Rig();
        rig.Press(BoxControl.ClearHold);
        rig.Press(other);

        Assert.Equal(BoxScreen.Status, rig.Box.View.Screen);
        Assert.Equal(BoxState.Idle, rig.State);
        Assert.Equal(["open"], rig.Engine.Calls);
    }

    [Fact]
    public void The_clear_question_closes_by_itself()
    {
        var rig = new Rig(new BoxControllerSettings { MenuTimeout = TimeSpan.FromSeconds(8) });
        rig.Press(BoxControl.ClearHold);
        rig.Tick(TimeSpan.FromSeconds(9));
        Assert.Equal(BoxScreen.Status, rig.Box.View.Screen);
        rig.Press(BoxControl.ClearPress);
        Assert.DoesNotContain("clear house", rig.Engine.Calls);
    }

    [Fact]
    public void Turning_changes_temperature_and_push_and_turn_changes_answer_length()
    {
        var rig = new Rig();
        rig.Press(BoxControl.KnobTurn, 4);
        Assert.Equal(1.2f, rig.Engine.Temperature, 3);
        Assert.Equal(KnobParameter.Temperature, rig.Box.View.Knob);

        rig.Press(BoxControl.KnobTurn, 8, pushed: true);
        Assert.Equal(2.0, rig.Engine.AnswerLength, 6);
        Assert.Equal(KnobParameter.AnswerLength, rig.Box.View.Knob);

        // Releasing the knob after a push-and-turn is not a press: no menu opens.
        rig.Press(BoxControl.KnobPress);
        Assert.Equal(BoxScreen.Status, rig.Box.View.Screen);

        rig.Press(BoxControl.KnobTurn, -100);
        Assert.Equal(0.1f, rig.Engine.Temperature, 3);
    }

    [Fact]
    public void The_profile_menu_chooses_among_the_profiles()
    {
        var rig = new Rig(null, "house", "ana", "ben");
        rig.Press(BoxControl.KnobPress);
        Assert.Equal(BoxScreen.ProfileMenu, rig.Box.View.Screen);
        Assert.Equal(0, rig.Box.View.MenuIndex);

        rig.Press(BoxControl.KnobTurn, 1);
        rig.Press(BoxControl.KnobTurn, 5);   // one item per gesture, clamped at the end
        Assert.Equal(2, rig.Box.View.MenuIndex);
        rig.Press(BoxControl.KnobPress);

        Assert.Equal(["open", "profile ben"], rig.Engine.Calls);
        Assert.Equal("ben", rig.Box.View.Profile);
        Assert.Equal(BoxScreen.Status, rig.Box.View.Screen);
    }

    [Fact]
    public void A_missing_model_is_shown_retried_and_the_box_resumes_what_it_was_asked_to_do()
    {
        var settings = new BoxControllerSettings { Start = BoxState.Listening, Retry = TimeSpan.FromSeconds(5) };
        var engine = new FakeBoxEngine();
        engine.OpenFailures.Enqueue(new BoxEngineException("MODEL MISSING", "model: /opt/edgemeta/models/default: model folder not found"));
        engine.OpenFailures.Enqueue(new BoxEngineException("MODEL MISSING", "still missing"));
        var box = new BoxController(engine, settings);

        box.Tick(TimeSpan.FromSeconds(1));
        Assert.Equal(BoxState.Fault, box.Machine.State);
        Assert.Equal("MODEL MISSING", box.View.Fault);
        Assert.Equal(LedPattern.ErrorFlashes, box.View.ErrorLed);
        Assert.Equal(5, box.View.RetryInSeconds);
        Assert.Contains("model folder not found", box.FaultDetail);

        box.Tick(TimeSpan.FromSeconds(3));
        Assert.Equal(["open", "panic"], engine.Calls);   // no retry before its time
        box.Tick(TimeSpan.FromSeconds(6));
        Assert.Equal(BoxState.Fault, box.Machine.State);
        box.Tick(TimeSpan.FromSeconds(11.5));

        Assert.Equal(BoxState.Listening, box.Machine.State);
        Assert.Equal(["open", "panic", "open", "open", "start CallResponse"], engine.Calls);
        Assert.Equal(LedPattern.Off, box.View.ErrorLed);
    }

    [Fact]
    public void An_unplugged_keyboard_is_a_fault_that_clears_when_it_comes_back()
    {
        var rig = new Rig(new BoxControllerSettings { Retry = TimeSpan.FromSeconds(2) });
        rig.Press(BoxControl.PlayPress);
        rig.Engine.Status = rig.Engine.Status with { Problem = "MIDI IN LOST" };
        rig.Tick();
        Assert.Equal((BoxState.Fault, "MIDI IN LOST"), (rig.State, rig.Box.View.Fault));
        Assert.Contains("panic", rig.Engine.Calls);

        rig.Tick(TimeSpan.FromSeconds(3));
        Assert.Equal(BoxState.Fault, rig.State);   // still unplugged: keep waiting
        rig.Engine.Status = rig.Engine.Status with { Problem = null };
        rig.Tick(TimeSpan.FromSeconds(3));

        Assert.Equal(BoxState.Listening, rig.State);
        Assert.DoesNotContain("stop", rig.Engine.Calls);   // the engine waited for the device; it was never stopped
    }

    [Fact]
    public void A_device_that_cannot_be_opened_at_start_is_retried()
    {
        var rig = new Rig(new BoxControllerSettings { Retry = TimeSpan.FromSeconds(2) });
        rig.Engine.StartFailures.Enqueue(new BoxEngineException("MIDI IN NOT FOUND", "midi in raw:hw:1,0: no such device"));
        rig.Press(BoxControl.PlayPress);
        Assert.Equal((BoxState.Fault, "MIDI IN NOT FOUND"), (rig.State, rig.Box.View.Fault));

        rig.Tick(TimeSpan.FromSeconds(2.5));

        Assert.Equal(BoxState.Listening, rig.State);
        Assert.Equal(["open", "start CallResponse", "panic", "start CallResponse"], rig.Engine.Calls);
    }

    [Fact]
    public void A_keyboard_unplugged_while_stopped_is_found_again_without_a_button_press()
    {
        var rig = new Rig(new BoxControllerSettings { Retry = TimeSpan.FromSeconds(2) });
        rig.Engine.IsOpen = false;   // the engine could not reopen its input after the last session
        rig.Engine.OpenFailures.Enqueue(new BoxEngineException("MIDI IN NOT FOUND", "midi in raw:hw:1,0: gone"));
        rig.Tick();
        Assert.Equal((BoxState.Fault, BoxState.Idle), (rig.State, rig.Box.Machine.ResumeState));

        rig.Tick(TimeSpan.FromSeconds(2.5));

        Assert.Equal(BoxState.Idle, rig.State);
        Assert.True(rig.Engine.IsOpen);
        Assert.Equal(["open", "open", "panic", "open"], rig.Engine.Calls);
    }

    [Fact]
    public void Incoming_notes_move_the_activity_meter_and_it_decays()
    {
        var rig = new Rig();
        rig.Press(BoxControl.LearnPress);
        rig.Engine.Status = rig.Engine.Status with { NotesIn = 4 };
        rig.Tick();
        var lively = rig.Box.View.Activity;
        rig.Tick(TimeSpan.FromSeconds(2));

        Assert.True(lively > 0.5, $"activity {lively}");
        Assert.True(rig.Box.View.Activity < 0.05, $"activity {rig.Box.View.Activity}");
    }

    [Fact]
    public void Shutdown_stops_the_engine()
    {
        var rig = new Rig();
        rig.Press(BoxControl.PlayPress);
        rig.Box.Shutdown();
        Assert.Equal("stop", rig.Engine.Calls[^1]);
    }
}
