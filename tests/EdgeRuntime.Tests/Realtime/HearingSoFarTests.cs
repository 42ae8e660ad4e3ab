using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>While the performer plays, the engine hands the turn so far to the responder on the adaptation thread.</summary>
public sealed class HearingSoFarTests
{
    [Fact]
    public void The_turn_being_played_reaches_the_responder_on_the_adaptation_thread_with_the_times_the_finished_turn_has()
    {
        var clock = new FakeClock();
        var responder = new ScaleResponder();
        using var engine = new RealtimeEngine(responder, new RecordingOutput(clock), new EngineSettings { Mode = EngineMode.LearnOnly }, clock);
        CapturedPhrase? finished = null;
        engine.PhraseCaptured += p => finished = p;

        for (var i = 0; i < 4; i++)
        {
            engine.Accept(MidiMessage.NoteOn(0, 60 + i, 90, clock.Now));
            clock.Run(150);
            engine.Accept(MidiMessage.NoteOff(0, 60 + i, 0, clock.Now));
            clock.Run(50);
        }

        var lastRelease = clock.Now - FakeClock.Ms(50);
        clock.Run(800);

        List<(TurnSoFar Turn, string? Thread, int LearnedBefore)> heard;
        lock (responder.HeardSoFar)
        {
            heard = [.. responder.HeardSoFar];
        }

        Assert.NotNull(finished);
        Assert.Equal(1, responder.Learned);
        Assert.NotEmpty(heard);
        Assert.All(heard, h => Assert.Equal("adaptation", h.Thread));
        Assert.All(heard, h => Assert.Equal(0, h.LearnedBefore));   // all before the finished turn, none after it
        Assert.All(heard, h => Assert.Equal(finished.StartTicks, h.Turn.StartTicks));
        var last = heard[^1].Turn;
        Assert.InRange(last.HeardUntilTicks, lastRelease + FakeClock.Ms(30), lastRelease + FakeClock.Ms(300));
        Assert.Equal(finished.Notes.OrderBy(n => n.Start), last.Notes.OrderBy(n => n.Start));
        Assert.Equal(heard.Count, engine.TurnsHeardSoFar);
    }

    [Fact]
    public void Legato_playing_is_handed_on_every_few_note_messages_and_once_when_the_hands_are_off()
    {
        var clock = new FakeClock();
        var responder = new ScaleResponder();
        using var engine = new RealtimeEngine(responder, new RecordingOutput(clock), new EngineSettings { Mode = EngineMode.LearnOnly }, clock);
        const int notes = 24;

        // Each note is released 40 ms after the next one starts: a key is always down until the last release.
        engine.Accept(MidiMessage.NoteOn(0, 60, 90, clock.Now));
        for (var i = 1; i < notes; i++)
        {
            clock.Run(100);
            engine.Accept(MidiMessage.NoteOn(0, 60 + (i % 12), 90, clock.Now));
            clock.Run(40);
            engine.Accept(MidiMessage.NoteOff(0, 60 + ((i - 1) % 12), 0, clock.Now));
        }

        clock.Run(100);
        engine.Accept(MidiMessage.NoteOff(0, 60 + ((notes - 1) % 12), 0, clock.Now));
        clock.Run(800);

        List<(TurnSoFar Turn, string? Thread, int LearnedBefore)> heard;
        lock (responder.HeardSoFar)
        {
            heard = [.. responder.HeardSoFar];
        }

        // 48 note messages, each more than 30 ms after the one before: once a pass per quiet 30 ms, now one per
        // EventsPerHandOn messages and the last when the hands are off.
        Assert.InRange(heard.Count, 2, (2 * notes / RealtimeEngine.EventsPerHandOn) + 1);
        Assert.Equal(notes, heard[^1].Turn.Notes.Count);
        Assert.All(heard[^1].Turn.Notes, n => Assert.True(n.End > n.Start));
        Assert.Equal(1, responder.Learned);
    }
}
