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
        var positions = Enumerable.Range(0, style.VoiceNotes).Select(i => (i + 0.5) / style.VoiceNotes).ToArray();
        var released = positions.Count(x => style.NoteLengthNear(Bass, x) < 1 && !style.EndsPhraseNear(Bass, x));
        var ending = released / (double)positions.Length;

        // Most of their chord notes end at 0.75 s, the rest go on to the bar: strength 2 · ln(the share that ends). The
        // last chord is not a release (the phrase ends with it), but it had sounded that long.
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

    [Fact]
    public void A_length_at_which_their_phrase_cut_a_chord_is_not_a_length_to_release_at()
    {
        // Eight bars of chords held for the bar, then the phrase ends half a bar into the ninth.
        var notes = new List<Note>();
        for (var bar = 0; bar < 9; bar++)
        {
            var start = bar * 1.5;
            notes.AddRange(new[] { Bass, 47, 50 }.Select(p => new Note(p, 80, start, start + (bar < 8 ? 1.5 : 0.75))));
        }

        var call = new Phrase(new PerformanceTokenizer().Encode(notes));
        var style = PerformerStyle.Of([call])!;
        var censored = new StyleSteering(new StyleSteeringSettings());
        var counted = new StyleSteering(new StyleSteeringSettings { PhraseEndsCensored = false });
        censored.Configure(style);
        counted.Configure(style);

        var positions = Enumerable.Range(0, style.VoiceNotes).Select(i => (i + 0.5) / style.VoiceNotes).ToArray();
        var cut = positions.Where(x => style.EndsPhraseNear(Bass, x)).ToArray();
        Assert.NotEmpty(cut);
        Assert.All(cut, x => Assert.Equal(0.75, style.NoteLengthNear(Bass, x), 2)); // only the chord the phrase ended in
        Assert.True(ReleaseBias(censored, Bass, 0.75) < -10, $"censored: {ReleaseBias(censored, Bass, 0.75):F2}");
        Assert.True(ReleaseBias(counted, Bass, 0.75) > -6, $"counted as a release: {ReleaseBias(counted, Bass, 0.75):F2}");
        Assert.True(ReleaseBias(censored, Bass, 1.5) > -0.3, $"at the bar: {ReleaseBias(censored, Bass, 1.5):F2}");
    }

    [Fact]
    public void A_call_of_one_held_chord_still_gives_its_length()
    {
        // Every note ends with the phrase, so none is a release; their lengths are then all there is to go by.
        var steering = new StyleSteering(new StyleSteeringSettings());
        steering.Configure(PerformerStyle.Of([Calls.Chords(2.0, 80, [Bass, 47, 50])]));

        Assert.True(ReleaseBias(steering, Bass, 2.0) > -0.3, $"at their length: {ReleaseBias(steering, Bass, 2.0):F2}");
        Assert.True(ReleaseBias(steering, Bass, 1.0) < -10, $"at half of it: {ReleaseBias(steering, Bass, 1.0):F2}");
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

    private static float ReleaseBias(StyleSteering steering, int pitch, double heldSeconds) =>
        StyleSteeringTermsTests.ReleaseBias(steering, pitch, heldSeconds);
}
