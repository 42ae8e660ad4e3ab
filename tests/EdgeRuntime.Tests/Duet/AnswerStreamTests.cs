using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Duet;

/// <summary>The one answer path: an answer starts with its first note, on the performer's response delay.</summary>
public sealed class AnswerStreamTests
{
    // A voice that plays a fixed script of tokens, then the last one forever.
    private sealed class ScriptedVoice(params int[] script) : IAnswerVoice
    {
        public int Drawn { get; private set; }

        public int NextToken() => script[Math.Min(Drawn++, script.Length - 1)];

        public void Continue()
        {
        }

        public void RingOut() => RangOut = true;

        public bool RangOut { get; private set; }
    }

    private static readonly AnswerPlan HalfSecond = new(Steps: 50, MaxTokens: 200, RegisterPitch: null, AdapterVersion: 0);

    private static List<DecodedEvent> Play(AnswerStream stream, IAnswerVoice voice, AnswerPlan plan)
    {
        stream.Begin(voice, plan);
        var events = new List<DecodedEvent>();
        while (stream.MoveNext())
        {
            events.Add(stream.Current);
        }

        return events;
    }

    [Fact]
    public void Rests_the_voice_samples_before_its_first_note_are_drawn_but_not_waited_out()
    {
        var voice = new ScriptedVoice(
            Vocabulary.TimeShift(30), Vocabulary.Velocity(10), Vocabulary.TimeShift(17),
            Vocabulary.NoteOn(64), Vocabulary.TimeShift(20), Vocabulary.NoteOff(64), Vocabulary.TimeShift(100));
        var stream = new AnswerStream();
        var events = Play(stream, voice, HalfSecond);

        var first = events.First(e => e.Kind != DecodedEventKind.Velocity);
        Assert.Equal(DecodedEventKind.NoteOn, first.Kind);
        Assert.Equal(0, first.Step);
        Assert.Equal(47, stream.SkippedRestSteps);
        // The model was asked for its rests (its state follows what it chose) ...
        Assert.True(voice.Drawn >= 7);
        // ... but the answer as played starts with the note: no TIME_SHIFT before the first NOTE_ON.
        var tokens = stream.Tokens.ToArray();
        var firstOn = Array.FindIndex(tokens, Vocabulary.IsNoteOn);
        Assert.Equal(1, firstOn);
        Assert.DoesNotContain(tokens[..firstOn], Vocabulary.IsTimeShift);
        // The note keeps its length and the velocity drawn before the rest.
        var off = events.First(e => e.Kind == DecodedEventKind.NoteOff);
        Assert.Equal(20, off.Step);
        Assert.Equal(Vocabulary.VelocityOfBin(10), first.Velocity);
    }

    [Fact]
    public void Rests_after_the_first_note_are_played_and_the_length_counts_from_the_first_note()
    {
        var voice = new ScriptedVoice(
            Vocabulary.TimeShift(40), Vocabulary.NoteOn(60), Vocabulary.TimeShift(10), Vocabulary.NoteOff(60),
            Vocabulary.TimeShift(25), Vocabulary.NoteOn(62), Vocabulary.TimeShift(10));
        var stream = new AnswerStream();
        var events = Play(stream, voice, HalfSecond);

        var onsets = events.Where(e => e.Kind == DecodedEventKind.NoteOn).Select(e => e.Step).ToArray();
        Assert.Equal([0, 35], onsets);
        Assert.Equal(40, stream.SkippedRestSteps);
        // The plan's 50 steps run from the first note: the stream closes at the first clock move past them (step 55),
        // not 40 steps later.
        Assert.Equal(55, events.Where(e => e.Kind == DecodedEventKind.NoteOff).Max(e => e.Step));
    }

    [Fact]
    public void At_its_length_an_answer_lets_its_last_note_end_where_the_voice_releases_it()
    {
        // Past the 50 steps the held note rings on; the voice's next onset is not played, its release at step 90 is.
        var voice = new ScriptedVoice(
            Vocabulary.NoteOn(60), Vocabulary.TimeShift(60), Vocabulary.NoteOn(67), Vocabulary.TimeShift(30),
            Vocabulary.NoteOff(60), Vocabulary.NoteOn(72), Vocabulary.TimeShift(50));
        var stream = new AnswerStream();
        var events = Play(stream, voice, HalfSecond with { RingOutSteps = 100 });

        Assert.True(voice.RangOut);
        Assert.Equal([60], events.Where(e => e.Kind == DecodedEventKind.NoteOn).Select(e => e.Pitch));
        Assert.Equal(90, Assert.Single(events, e => e.Kind == DecodedEventKind.NoteOff).Step);
        Assert.DoesNotContain(stream.Tokens.ToArray(), t => t == Vocabulary.NoteOn(67) || t == Vocabulary.NoteOn(72));
    }

    [Fact]
    public void A_note_the_voice_never_releases_is_let_go_when_the_ring_out_ends()
    {
        var voice = new ScriptedVoice(Vocabulary.NoteOn(60), Vocabulary.TimeShift(10));
        var rung = Play(new AnswerStream(), voice, HalfSecond with { RingOutSteps = 100 });
        var cut = Play(new AnswerStream(), new ScriptedVoice(Vocabulary.NoteOn(60), Vocabulary.TimeShift(10)), HalfSecond);

        Assert.Equal(150, Assert.Single(rung, e => e.Kind == DecodedEventKind.NoteOff).Step);
        Assert.Equal(50, Assert.Single(cut, e => e.Kind == DecodedEventKind.NoteOff).Step);   // no ring-out: released at the length
    }

    [Fact]
    public void An_answer_that_ends_in_silence_does_not_ring_out()
    {
        var voice = new ScriptedVoice(Vocabulary.NoteOn(60), Vocabulary.TimeShift(20), Vocabulary.NoteOff(60), Vocabulary.TimeShift(40), Vocabulary.NoteOn(62));
        var events = Play(new AnswerStream(), voice, HalfSecond with { RingOutSteps = 100 });

        Assert.False(voice.RangOut);
        Assert.Equal([60], events.Where(e => e.Kind == DecodedEventKind.NoteOn).Select(e => e.Pitch));
    }

    [Fact]
    public void A_voice_that_only_rests_ends_at_the_token_cap_without_a_note()
    {
        var voice = new ScriptedVoice(Vocabulary.TimeShift(10));
        var stream = new AnswerStream();
        var events = Play(stream, voice, HalfSecond with { MaxTokens = 64 });

        Assert.Empty(events);
        Assert.Equal(64, voice.Drawn);
        Assert.Equal(640, stream.SkippedRestSteps);
        Assert.True(stream.Tokens.IsEmpty);
    }

    [Fact]
    public void Each_answer_skips_its_own_leading_rest_again()
    {
        var stream = new AnswerStream();
        var script = new[] { Vocabulary.TimeShift(12), Vocabulary.NoteOn(60), Vocabulary.TimeShift(60) };
        Play(stream, new ScriptedVoice(script), HalfSecond);
        var second = Play(stream, new ScriptedVoice(script), HalfSecond);

        Assert.Equal(12, stream.SkippedRestSteps);
        Assert.Equal(0, second.First(e => e.Kind == DecodedEventKind.NoteOn).Step);
    }
}
