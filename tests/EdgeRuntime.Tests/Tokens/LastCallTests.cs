using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Tokens;

public sealed class LastCallTests
{
    private readonly PhraseSegmenter _segmenter = new(new PerformanceTokenizer());

    [Fact]
    public void The_last_call_starts_after_the_last_rest_however_many_events_it_has()
    {
        var notes = new List<Note>();
        // A first phrase, a 1 s rest, then a long second phrase of 40 notes (far over 64 events).
        for (var i = 0; i < 4; i++)
        {
            notes.Add(new Note(60 + i, 80, i * 0.2, i * 0.2 + 0.15));
        }

        for (var i = 0; i < 40; i++)
        {
            notes.Add(new Note(70 + (i % 5), 80, 1.8 + i * 0.1, 1.8 + i * 0.1 + 0.08));
        }

        var call = _segmenter.LastCall(notes);

        Assert.Equal(40, call.Count);
        Assert.Equal(1.8, call[0].Start, 6);
    }

    [Fact]
    public void A_held_note_bridging_a_gap_keeps_the_phrase_together()
    {
        // The second note starts 1 s after the first starts, but the first is still sounding: no rest.
        Note[] notes = [new(60, 80, 0, 1.5), new(64, 80, 1.0, 1.2), new(67, 80, 1.3, 1.6)];

        Assert.Equal(3, _segmenter.LastCall(notes).Count);
    }
}
