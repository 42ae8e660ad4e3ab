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
    [InlineData(BoxInput.PlayHeld)]
    [InlineData(BoxInput.Fault)]
    [InlineData(BoxInput.PlayPressed)]
    public void Stopping_from_playing_always_requests_panic(BoxInput stop)
    {
        var box = new BoxStateMachine();
        int panics = 0;
        box.PanicRequested += () => panics++;
        box.Fire(BoxInput.PlayPressed);
        box.Fire(BoxInput.PhraseCaptured);
        box.Fire(BoxInput.AdaptationFinished);

        box.Fire(stop, "device lost");

        Assert.Equal(BoxState.Idle, box.State);
        Assert.Equal(1, panics);
    }

    [Fact]
    public void A_fault_is_remembered_until_the_performer_starts_again()
    {
        var box = new BoxStateMachine();
        box.Fire(BoxInput.PlayPressed);
        box.Fire(BoxInput.Fault, "USB-MIDI keyboard unplugged");
        Assert.Equal("USB-MIDI keyboard unplugged", box.LastFault);

        box.Fire(BoxInput.PlayPressed);

        Assert.Null(box.LastFault);
        Assert.Equal(BoxState.Listening, box.State);
    }

    [Fact]
    public void Inputs_that_mean_nothing_in_a_state_are_ignored()
    {
        var box = new BoxStateMachine();

        Assert.False(box.Fire(BoxInput.AdaptationFinished));
        Assert.False(box.Fire(BoxInput.NoteReceived));
        Assert.Equal(BoxState.Idle, box.State);
    }
}
