using EdgeMeta.Firmware.Box;

namespace EdgeMeta.Firmware.Tests.Box;

public sealed class BoxStateMachineTests
{
    [Fact]
    public void A_full_call_and_response_cycle_returns_to_listening()
    {
        var box = new BoxStateMachine();
        var seen = new List<BoxState>();
        box.StateChanged += (_, to) => seen.Add(to);

        box.Fire(BoxInput.PlayPressed);
        box.Fire(BoxInput.PhraseCaptured);
        box.Fire(BoxInput.AdaptationFinished);
        box.Fire(BoxInput.ResponseFinished);

        Assert.Equal([BoxState.Listening, BoxState.Adapting, BoxState.Playing, BoxState.Listening], seen);
    }

    [Fact]
    public void Learn_listens_silently_and_phrases_do_not_lead_to_playing()
    {
        var box = new BoxStateMachine();

        box.Fire(BoxInput.LearnPressed);
        box.Fire(BoxInput.PhraseCaptured);
        box.Fire(BoxInput.AdaptationFinished);

        Assert.Equal(BoxState.Learning, box.State);
    }

    [Fact]
    public void Play_while_learning_switches_to_call_and_response_and_learn_again_stops()
    {
        var box = new BoxStateMachine();
        box.Fire(BoxInput.LearnPressed);
        box.Fire(BoxInput.PlayPressed);
        Assert.Equal(BoxState.Listening, box.State);

        box.Fire(BoxInput.LearnPressed);
        Assert.Equal(BoxState.Learning, box.State);
        box.Fire(BoxInput.LearnPressed);
        Assert.Equal(BoxState.Idle, box.State);
    }

    [Fact]
    public void Playing_over_the_answer_stops_it_and_releases_notes()
    {
        var box = new BoxStateMachine();
        int panics = 0;
        box.PanicRequested += () => panics++;
        box.Fire(BoxInput.PlayPressed);
        box.Fire(BoxInput.PhraseCaptured);
        box.Fire(BoxInput.AdaptationFinished);

        box.Fire(BoxInput.NoteReceived);

        Assert.Equal(BoxState.Listening, box.State);
        Assert.Equal(1, panics);
    }

    [Theory]
    [InlineData(BoxState.Listening)]
    [InlineData(BoxState.Adapting)]
    [InlineData(BoxState.Playing)]
    public void Play_while_running_stops_with_every_note_released(BoxState running)
    {
        var box = Into(running);
        int panics = 0;
        box.PanicRequested += () => panics++;

        box.Fire(BoxInput.PlayPressed);

        Assert.Equal(BoxState.Idle, box.State);
        Assert.Equal(1, panics);
    }

    [Fact]
    public void Holding_play_is_panic_from_anywhere()
    {
        var box = Into(BoxState.Playing);
        int panics = 0;
        box.PanicRequested += () => panics++;

        box.Fire(BoxInput.PlayHeld);

        Assert.Equal(BoxState.Idle, box.State);
        Assert.Equal(1, panics);
    }

    [Fact]
    public void A_fault_while_playing_silences_the_box_and_recovery_resumes_listening()
    {
        var box = Into(BoxState.Playing);
        int panics = 0;
        box.PanicRequested += () => panics++;

        box.Fire(BoxInput.Fault, "MIDI IN LOST");
        Assert.Equal((BoxState.Fault, "MIDI IN LOST", BoxState.Listening, 1), (box.State, box.LastFault, box.ResumeState, panics));

        box.Fire(BoxInput.Recovered);
        Assert.Equal(BoxState.Listening, box.State);
        Assert.Null(box.LastFault);
    }

    [Fact]
    public void Buttons_pressed_during_a_fault_change_what_the_box_resumes()
    {
        var box = Into(BoxState.Learning);
        box.Fire(BoxInput.Fault, "MODEL MISSING");

        box.Fire(BoxInput.LearnPressed);   // the performer stops learning while the box waits
        Assert.Equal((BoxState.Fault, BoxState.Idle), (box.State, box.ResumeState));
        box.Fire(BoxInput.PlayPressed);
        Assert.Equal(BoxState.Listening, box.ResumeState);

        box.Fire(BoxInput.Recovered);
        Assert.Equal(BoxState.Listening, box.State);
    }

    [Fact]
    public void An_installation_box_starts_listening()
    {
        Assert.Equal(BoxState.Listening, new BoxStateMachine(BoxState.Listening).State);
        Assert.Throws<ArgumentOutOfRangeException>(() => new BoxStateMachine(BoxState.Playing));
    }

    private static BoxStateMachine Into(BoxState state)
    {
        var box = new BoxStateMachine();
        if (state == BoxState.Learning)
        {
            box.Fire(BoxInput.LearnPressed);
            return box;
        }

        box.Fire(BoxInput.PlayPressed);
        if (state is BoxState.Adapting or BoxState.Playing)
        {
            box.Fire(BoxInput.PhraseCaptured);
        }

        if (state == BoxState.Playing)
        {
            box.Fire(BoxInput.AdaptationFinished);
        }

        Assert.Equal(state, box.State);
        return box;
    }
}
