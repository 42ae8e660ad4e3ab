using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Soak;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

public sealed class VirtualPerformerTests
{
    private static readonly PerformerPhrase Scale = new(
        Enumerable.Range(0, 8).Select(i => new Note(60 + i, 80, i * 0.25, (i * 0.25) + 0.2)).ToList(), "scale");

    [Fact]
    public void A_varied_phrase_keeps_its_notes_and_stays_near_the_original()
    {
        var player = new VirtualPerformer([Scale], seed: 7);
        for (var k = 0; k < 50; k++)
        {
            var varied = player.Vary(Scale);
            Assert.Equal(Scale.Notes.Select(n => n.Pitch), varied.Notes.Select(n => n.Pitch));
            Assert.Equal(0, varied.Notes[0].Start, 9);
            Assert.InRange(varied.Duration, Scale.Duration * 0.9, Scale.Duration * 1.1);
            Assert.All(varied.Notes.Zip(Scale.Notes), pair =>
            {
                Assert.InRange(pair.First.Velocity, pair.Second.Velocity - 10, pair.Second.Velocity + 10);
                Assert.True(pair.First.End > pair.First.Start);
            });
        }

        Assert.True(Enumerable.Range(0, 5).Select(_ => player.Vary(Scale).Duration).Distinct().Count() > 1, "every take sounded the same");
    }

    [Fact]
    public void Every_onset_gets_exactly_one_release_even_when_a_held_note_is_struck_again()
    {
        var notes = new[] { new Note(60, 80, 0, 1.0), new Note(60, 90, 0.5, 0.8), new Note(64, 80, 0.2, 0.4) };
        var messages = VirtualPerformer.ToMessages(notes);
        Assert.Equal(3, messages.Count(m => m.Message.IsNoteOn));
        Assert.Equal(3, messages.Count(m => m.Message.IsNoteOff));
        Assert.True(messages.Zip(messages.Skip(1)).All(p => p.First.Seconds <= p.Second.Seconds), "not in time order");
        var held = 0;
        foreach (var m in messages.Where(m => m.Message.Data1 == 60))
        {
            held += m.Message.IsNoteOn ? 1 : -1;
            Assert.InRange(held, 0, 1);   // never two onsets of one key without a release between
        }
    }

    [Fact]
    public void Turns_interrupt_move_controllers_and_pause_in_the_documented_shares()
    {
        var player = new VirtualPerformer([Scale], seed: 3);
        var turns = Enumerable.Range(0, 4000).Select(_ => player.Next()).ToList();
        Assert.InRange(turns.Count(t => t.InterruptAfterSeconds is not null) / 4000.0, VirtualPerformer.InterruptShare - 0.03, VirtualPerformer.InterruptShare + 0.03);
        Assert.InRange(turns.Count(t => t.ControllerMove is not null) / 4000.0, VirtualPerformer.ControllerShare - 0.03, VirtualPerformer.ControllerShare + 0.03);
        Assert.InRange(turns.Count(t => t.Messages.Any(m => m.Message.IsControlChange && m.Message.Data1 == 1)) / 4000.0, VirtualPerformer.ModWheelShare - 0.03, VirtualPerformer.ModWheelShare + 0.03);
        Assert.All(turns, t => Assert.InRange(t.PauseSeconds, 0.3, 1.5));
        Assert.All(turns.Where(t => t.ControllerMove is not null), t => Assert.Contains(t.ControllerMove!.Value.Controller, new[] { VirtualPerformer.TemperatureController, VirtualPerformer.LengthController }));
    }

    [Fact]
    public void The_same_seed_plays_the_same_turns()
    {
        var a = new VirtualPerformer([Scale], seed: 11);
        var b = new VirtualPerformer([Scale], seed: 11);
        for (var k = 0; k < 20; k++)
        {
            Assert.Equal(a.Next().Messages, b.Next().Messages);
        }
    }
}
