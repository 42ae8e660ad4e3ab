using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

/// <summary>
/// The note-length term as a release hazard: a chord note that has outlasted their short chords is held to their long
/// ones, where the density ratio it replaces charged the long length for being the rarer one.
/// </summary>
public class ReleaseHazardTests
{
    private const int Pitches = 128;
    private const int Bass = 43;

    [Fact]
    public void A_chord_that_outlasted_their_short_chords_is_let_go_at_their_long_length()
    {
        var hazard = Configured(new StyleSteeringSettings());
        var density = Configured(new StyleSteeringSettings { LengthHazard = false });

        // Of their chords still sounding at 1.5 s, all end there; the density ratio charged the bar for being rarer than 0.75 s.
        Assert.True(ReleaseBias(hazard, Bass, 1.5) > -0.3, $"hazard at the bar: {ReleaseBias(hazard, Bass, 1.5):F2}");
        Assert.True(ReleaseBias(density, Bass, 1.5) < -1.5, $"density ratio at the bar: {ReleaseBias(density, Bass, 1.5):F2}");
    }

    [Fact]
    public void Releasing_at_their_short_length_costs_the_share_of_their_notes_that_go_on()
    {
        var hazard = Configured(new StyleSteeringSettings());
        var style = PerformerStyle.Of([JigChords(bars: 9)])!;
        var voice = Enumerable.Range(0, style.VoiceNotes).Select(i => style.NoteLengthNear(Bass, (i + 0.5) / style.VoiceNotes)).ToArray();
        var ending = voice.Count(l => l < 1) / (double)voice.Length;

        // Most of their chord notes end at 0.75 s, the rest go on to the bar: strength 2 · ln(the share that ends).
        Assert.InRange(ending, 0.7, 0.9);
        Assert.Equal(2 * Math.Log(ending), ReleaseBias(hazard, Bass, 0.75), 1);
    }

    [Fact]
    public void A_chord_cut_between_their_lengths_stays_unlikely()
    {
        var hazard = Configured(new StyleSteeringSettings());

        Assert.True(ReleaseBias(hazard, Bass, 1.06) < -10, $"cut at 1.06 s: {ReleaseBias(hazard, Bass, 1.06):F2}");
        Assert.True(ReleaseBias(hazard, Bass, 1.25) < -4, $"cut at 1.25 s: {ReleaseBias(hazard, Bass, 1.25):F2}");
    }

    // A jig's accompaniment: of every three bars of G major (G2 B2 D3), one held for the bar (1.5 s), two as two half-bar chords.
    private static Phrase JigChords(int bars)
    {
        var notes = new List<Note>();
        for (var bar = 0; bar < bars; bar++)
        {
            var start = bar * 1.5;
            var lengths = bar % 3 == 0 ? new[] { 1.5 } : new[] { 0.75, 0.75 };
            var onset = start;
            foreach (var length in lengths)
            {
                notes.AddRange(new[] { Bass, 47, 50 }.Select(p => new Note(p, 80, onset, onset + length)));
                onset += length;
            }
        }

        return new Phrase(new PerformanceTokenizer().Encode(notes));
    }

    private static StyleSteering Configured(StyleSteeringSettings settings)
    {
        var steering = new StyleSteering(settings);
        steering.Configure(PerformerStyle.Of([JigChords(bars: 9)]));
        return steering;
    }

    private static float ReleaseBias(StyleSteering steering, int pitch, double heldSeconds)
    {
        var logits = new float[Vocabulary.Size];
        var sounding = new bool[Pitches];
        var held = new double[Pitches];
        sounding[pitch] = true;
        held[pitch] = heldSeconds;
        steering.Apply(logits, heldSeconds, sounding, held);
        return logits[Vocabulary.NoteOff(pitch)];
    }
}
