using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

public sealed class PhraseCaptureTests
{
    private const long Hz = 1000;   // 1 tick = 1 ms

    private static CapturedPhrase? PlayNotes(PhraseCapture capture, params (int Pitch, long On, long Off)[] notes)
    {
        CapturedPhrase? result = null;
        foreach (var (pitch, on, off) in notes)
        {
            result ??= capture.Accept(MidiMessage.NoteOn(0, pitch, 90, on));
            result ??= capture.Accept(MidiMessage.NoteOff(0, pitch, 0, off));
        }

        return result;
    }

    [Fact]
    public void A_rest_longer_than_the_threshold_ends_the_phrase_at_release_plus_rest()
    {
        var capture = new PhraseCapture(new PhraseCaptureOptions { RestSeconds = 0.6 }, Hz);
        Assert.Null(PlayNotes(capture, (60, 0, 100), (62, 200, 300), (64, 400, 700)));
        Assert.Null(capture.Poll(1299));
        var phrase = capture.Poll(1300);
        Assert.NotNull(phrase);
        Assert.Equal(PhraseEndReason.Rest, phrase.Reason);
        Assert.Equal(1300, phrase.EndTicks);
        Assert.Equal([60, 62, 64], phrase.Notes.Select(n => n.Pitch));
        Assert.Equal(0.7, phrase.Duration, 6);
        Assert.Equal(0.2, phrase.Notes[1].Start, 6);
    }

    [Fact]
    public void A_held_key_keeps_the_phrase_open_through_silence_elsewhere()
    {
        var capture = new PhraseCapture(new PhraseCaptureOptions { RestSeconds = 0.6 }, Hz);
        capture.Accept(MidiMessage.NoteOn(0, 60, 90, 0));
        Assert.Null(capture.Poll(5000));
    }

    [Fact]
    public void Sustain_pedal_release_ends_the_phrase()
    {
        var capture = new PhraseCapture(new PhraseCaptureOptions(), Hz);
        capture.Accept(MidiMessage.ControlChange(0, 64, 127, 0));
        PlayNotes(capture, (60, 10, 100));
        Assert.Null(capture.Poll(2000));   // pedal still down: no rest yet
        var phrase = capture.Accept(MidiMessage.ControlChange(0, 64, 0, 2100));
        Assert.Equal(PhraseEndReason.SustainRelease, phrase?.Reason);
    }

    [Fact]
    public void Marker_controller_and_marker_note_end_the_phrase_and_are_not_part_of_it()
    {
        var byCc = new PhraseCapture(new PhraseCaptureOptions { MarkerController = 20 }, Hz);
        PlayNotes(byCc, (60, 0, 100));
        Assert.Equal(PhraseEndReason.Marker, byCc.Accept(MidiMessage.ControlChange(0, 20, 127, 150))?.Reason);

        var byNote = new PhraseCapture(new PhraseCaptureOptions { MarkerNote = 21 }, Hz);
        PlayNotes(byNote, (60, 0, 100));
        var phrase = byNote.Accept(MidiMessage.NoteOn(0, 21, 100, 150));
        Assert.Equal(PhraseEndReason.Marker, phrase?.Reason);
        Assert.Equal([60], phrase!.Notes.Select(n => n.Pitch));
    }

    [Fact]
    public void A_phrase_is_cut_at_the_maximum_length_and_open_keys_end_there()
    {
        var capture = new PhraseCapture(new PhraseCaptureOptions { MaxSeconds = 1.0 }, Hz);
        capture.Accept(MidiMessage.NoteOn(0, 60, 90, 0));
        Assert.Null(capture.Poll(999));
        var phrase = capture.Poll(1000);
        Assert.Equal(PhraseEndReason.MaxLength, phrase?.Reason);
        Assert.Equal(1.0, phrase!.Notes[0].End, 6);
        Assert.False(capture.InPhrase);
    }

    [Fact]
    public void A_flood_of_notes_is_cut_into_turns_of_at_most_the_note_bound()
    {
        var capture = new PhraseCapture(new PhraseCaptureOptions { MaxNotes = 100 }, Hz);
        var phrases = new List<CapturedPhrase>();
        for (var i = 0; i < 1000; i++)
        {
            if (capture.Accept(MidiMessage.NoteOn(0, 60 + (i % 12), 90, i)) is { } on)
            {
                phrases.Add(on);
            }

            if (capture.Accept(MidiMessage.NoteOff(0, 60 + (i % 12), 0, i)) is { } off)
            {
                phrases.Add(off);
            }
        }

        Assert.Equal(10, phrases.Count);
        Assert.All(phrases, p => Assert.InRange(p.Notes.Count, 1, 100));
        Assert.All(phrases, p => Assert.Equal(PhraseEndReason.MaxLength, p.Reason));
    }
}
