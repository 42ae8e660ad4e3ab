using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Style;

/// <summary>The note-length, interval-feedback, register-centre and dynamics terms, read straight off the biases they add to flat logits.</summary>
public class StyleSteeringTermsTests
{
    private const int Pitches = 128;

    [Fact]
    public void A_waltz_voice_lengths_are_read_apart_by_pitch()
    {
        var style = PerformerStyle.Of([Calls.Waltz(0.5, bars: 8)])!;

        Assert.InRange(style.VoiceNotes, 8, style.Notes / 2);
        Assert.Equal(1.5, style.NoteLengthNear(43, 0.0), 2);
        Assert.Equal(1.5, style.NoteLengthNear(47, 0.99), 2);
        Assert.Equal(0.5, style.NoteLengthNear(74, 0.0), 2);
        Assert.Equal(0.5, style.NoteLengthNear(74, 0.99), 2);
    }

    [Fact]
    public void A_waltz_bass_is_kept_for_its_bar_and_its_tune_may_move_in_quarters()
    {
        var steering = Configured(new StyleSteeringSettings(), Calls.Waltz(0.5, bars: 8));

        Assert.True(ReleaseBias(steering, 43, 0.5) < -5, $"bass released after a beat: {ReleaseBias(steering, 43, 0.5):F2}");
        Assert.True(ReleaseBias(steering, 43, 1.5) > -0.5, $"bass released after its bar: {ReleaseBias(steering, 43, 1.5):F2}");
        Assert.True(ReleaseBias(steering, 74, 0.5) > -0.5, $"tune released after a beat: {ReleaseBias(steering, 74, 0.5):F2}");
        Assert.True(ReleaseBias(steering, 74, 0.125) < -5, $"tune released after a sixteenth: {ReleaseBias(steering, 74, 0.125):F2}");
        Assert.True(ReleaseBias(steering, 74, 1.0) > 2, $"tune released after two beats: {ReleaseBias(steering, 74, 1.0):F2}"); // past their longest: let go
    }

    [Fact]
    public void One_median_length_for_all_voices_would_hold_back_the_tune()
    {
        // The rule the voice lengths replace: one median (a beat and a half here, between the tune's and the bass's) for every note.
        var steering = Configured(new StyleSteeringSettings { LengthsNearPitch = false }, Calls.Waltz(0.5, bars: 8));

        Assert.True(ReleaseBias(steering, 74, 0.5) < -0.5, $"tune released after a beat: {ReleaseBias(steering, 74, 0.5):F2}");
    }

    [Fact]
    public void An_answer_with_too_many_short_notes_is_pulled_toward_their_long_ones()
    {
        // Their notes: as many quarters as halves. The answer has so far released only quarters.
        var call = Calls.Line(0.25, 80, (60, 1), (62, 2), (64, 1), (65, 2), (67, 1), (65, 2), (64, 1), (62, 2), (60, 1), (62, 2));
        var steering = Configured(new StyleSteeringSettings(), call);
        var without = Configured(new StyleSteeringSettings { LengthFeedback = 0 }, call);
        var shortBefore = ReleaseBias(steering, 62, 0.25);
        var longBefore = ReleaseBias(steering, 62, 0.5);
        var voiceOnly = ReleaseBias(without, 62, 0.25);

        foreach (var s in new[] { steering, without })
        {
            for (var i = 0; i < 16; i++)
            {
                s.Accepted(Vocabulary.NoteOff(62), 0.25);
            }
        }

        Assert.True(ReleaseBias(steering, 62, 0.25) < shortBefore - 0.5, $"a quarter: {shortBefore:F2} before, {ReleaseBias(steering, 62, 0.25):F2} after 16 quarters");
        Assert.True(ReleaseBias(steering, 62, 0.5) > longBefore + 0.3, $"a half: {longBefore:F2} before, {ReleaseBias(steering, 62, 0.5):F2} after 16 quarters");
        Assert.Equal(shortBefore, voiceOnly, 3);                      // the answer's histogram starts shaped like theirs
        Assert.Equal(voiceOnly, ReleaseBias(without, 62, 0.25), 3);   // without feedback nothing moves
    }

    [Fact]
    public void A_held_chord_cut_a_beat_short_is_unlikely()
    {
        // Their bass is held for the bar (1.5 s); released after five of its six eighths it would be 17 % short.
        var steering = Configured(new StyleSteeringSettings(), Calls.Waltz(0.5, bars: 8));
        var wide = Configured(new StyleSteeringSettings { LengthKernelWidth = 0.12 }, Calls.Waltz(0.5, bars: 8));

        Assert.True(ReleaseBias(steering, 43, 1.25) < -4, $"bass released an eighth before its bar: {ReleaseBias(steering, 43, 1.25):F2}");
        Assert.True(ReleaseBias(steering, 43, 1.5) > -0.5, $"bass released after its bar: {ReleaseBias(steering, 43, 1.5):F2}");
        Assert.True(ReleaseBias(wide, 43, 1.25) > ReleaseBias(steering, 43, 1.25) + 1, $"a 0.12 kernel: {ReleaseBias(wide, 43, 1.25):F2}");
    }

    [Fact]
    public void A_note_held_past_their_longest_is_let_go_however_many_such_notes_came_before()
    {
        // Their tune notes last a beat (0.5 s); the answer has already held eight tune notes for two beats.
        var steering = Configured(new StyleSteeringSettings(), Calls.Waltz(0.5, bars: 8));
        var before = ReleaseBias(steering, 74, 1.0);
        for (var i = 0; i < 8; i++)
        {
            steering.Accepted(Vocabulary.NoteOff(74), 1.0);
        }

        Assert.True(before > 2, $"tune released after two beats: {before:F2}");
        Assert.Equal(before, ReleaseBias(steering, 74, 1.0), 3);
    }

    [Fact]
    public void An_answer_that_keeps_moving_is_encouraged_to_hold_as_long_as_they_do()
    {
        // Their intervals: as many of one grid step (a quarter) as of two. The answer has so far moved on every quarter.
        var call = Calls.Line(0.25, 80, (60, 1), (62, 2), (64, 1), (65, 2), (67, 1), (65, 2), (64, 1), (62, 2), (60, 1), (62, 2), (64, 1));
        var steering = Configured(new StyleSteeringSettings(), call);
        var without = Configured(new StyleSteeringSettings { IntervalFeedback = 0 }, call);
        var oneBefore = ShiftBias(steering, 25);
        var twoBefore = ShiftBias(steering, 50);

        foreach (var s in new[] { steering, without })
        {
            for (var i = 0; i < 16; i++)
            {
                s.Accepted(Vocabulary.NoteOn(60 + (i % 2)));
                s.Accepted(Vocabulary.TimeShift(25));
            }
        }

        Assert.Equal(ShiftBias(without, 25), oneBefore, 3);                 // the answer's histogram starts shaped like theirs
        Assert.Equal(ShiftBias(without, 50), twoBefore, 3);
        Assert.True(ShiftBias(steering, 25) < oneBefore - 1, $"landing a quarter on: {oneBefore:F2} before, {ShiftBias(steering, 25):F2} after 16 quarters");
        Assert.True(ShiftBias(steering, 50) > twoBefore + 1, $"landing a half on: {twoBefore:F2} before, {ShiftBias(steering, 50):F2} after 16 quarters");
    }

    [Fact]
    public void The_notes_of_a_chord_are_one_onset_for_the_interval_feedback()
    {
        var call = Calls.Line(0.25, 80, (60, 1), (62, 2), (64, 1), (65, 2), (67, 1), (65, 2), (64, 1), (62, 2), (60, 1), (62, 2), (64, 1));
        var chords = Configured(new StyleSteeringSettings(), call);
        var line = Configured(new StyleSteeringSettings(), call);
        for (var i = 0; i < 8; i++)
        {
            chords.Accepted(Vocabulary.NoteOn(60));
            chords.Accepted(Vocabulary.NoteOn(64));
            chords.Accepted(Vocabulary.NoteOn(67));
            chords.Accepted(Vocabulary.TimeShift(25));
            line.Accepted(Vocabulary.NoteOn(60));
            line.Accepted(Vocabulary.TimeShift(25));
        }

        Assert.Equal(ShiftBias(line, 25), ShiftBias(chords, 25), 4);
    }

    [Fact]
    public void An_answer_drifting_above_their_centre_is_tilted_back_down()
    {
        var call = Calls.Chords(0.5, 80, [48, 55, 64], [50, 57, 65], [52, 59, 67], [48, 55, 64]);
        var tracked = Configured(new StyleSteeringSettings(), call);
        var untracked = Configured(new StyleSteeringSettings { RegisterTracking = 0 }, call);
        var centre = (int)Math.Round(PerformerStyle.Of([call])!.MeanPitch);

        foreach (var steering in new[] { tracked, untracked })
        {
            for (var i = 0; i < 12; i++)
            {
                steering.Accepted(Vocabulary.NoteOn(centre + 7));
                steering.Accepted(Vocabulary.TimeShift(25));
            }
        }

        var below = OnsetBias(tracked, centre - 4) - OnsetBias(tracked, centre + 4);
        var untrackedBelow = OnsetBias(untracked, centre - 4) - OnsetBias(untracked, centre + 4);
        Assert.True(below > untrackedBelow + 0.5, $"4 below their centre vs 4 above: {below:F2} nats tracked, {untrackedBelow:F2} untracked");
        Assert.InRange(untrackedBelow, -0.5, 0.5);
    }

    [Fact]
    public void A_single_line_keeps_its_contour_untilted()
    {
        var steering = Configured(new StyleSteeringSettings(), Calls.Line(0.25, 80, (60, 1), (62, 1), (64, 1), (62, 1)));
        var before = OnsetBias(steering, 40);
        for (var i = 0; i < 12; i++)
        {
            steering.Accepted(Vocabulary.NoteOn(84));
            steering.Accepted(Vocabulary.TimeShift(25));
        }

        Assert.Equal(before, OnsetBias(steering, 40));
    }

    [Fact]
    public void The_notes_of_one_chord_share_a_tilt()
    {
        var steering = Configured(new StyleSteeringSettings(), Calls.Chords(0.5, 80, [48, 55, 64], [50, 57, 65]));
        var before = OnsetBias(steering, 40);

        steering.Accepted(Vocabulary.NoteOn(84));
        steering.Accepted(Vocabulary.NoteOn(88));

        Assert.Equal(before, OnsetBias(steering, 40));
        steering.Accepted(Vocabulary.TimeShift(10));
        Assert.True(OnsetBias(steering, 40) > before);
    }

    [Fact]
    public void A_performer_at_one_velocity_makes_the_next_bins_unlikely()
    {
        var call = Calls.Chords(0.5, 90, [48, 52, 55], [50, 53, 57], [47, 50, 55], [48, 52, 55]);
        var steering = Configured(new StyleSteeringSettings(), call);
        var wide = Configured(new StyleSteeringSettings { MinVelocityWidth = 3 }, call);
        var bin = Vocabulary.BinOfVelocity(90);

        Assert.Equal(0, VelocityBias(steering, bin), 3);
        Assert.True(VelocityBias(steering, bin + 1) < -4, $"next bin up: {VelocityBias(steering, bin + 1):F2}");
        Assert.True(VelocityBias(steering, bin - 1) < -4, $"next bin down: {VelocityBias(steering, bin - 1):F2}");
        Assert.True(VelocityBias(wide, bin + 1) > -1, $"with a 3-unit kernel the next bin costs only {VelocityBias(wide, bin + 1):F2}");
    }

    [Fact]
    public void Accents_stay_accents_instead_of_meeting_in_the_middle()
    {
        var steering = Configured(new StyleSteeringSettings(), Calls.Accents(0.4, 48, loud: 100, soft: 60));

        var loud = VelocityBias(steering, Vocabulary.BinOfVelocity(100));
        var soft = VelocityBias(steering, Vocabulary.BinOfVelocity(60));
        var middle = VelocityBias(steering, Vocabulary.BinOfVelocity(80));

        Assert.True(middle < Math.Min(loud, soft) - 1, $"loud {loud:F2}, soft {soft:F2}, between them {middle:F2}");
    }

    private static StyleSteering Configured(StyleSteeringSettings settings, Phrase call)
    {
        var steering = new StyleSteering(settings);
        steering.Configure(PerformerStyle.Of([call]));
        return steering;
    }

    // The NOTE_OFF bias of one note of `pitch` held `heldSeconds` (shared with ReleaseHazardTests).
    internal static float ReleaseBias(StyleSteering steering, int pitch, double heldSeconds)
    {
        var logits = new float[Vocabulary.Size];
        var sounding = new bool[Pitches];
        var held = new double[Pitches];
        sounding[pitch] = true;
        held[pitch] = heldSeconds;
        steering.Apply(logits, heldSeconds, sounding, held);
        return logits[Vocabulary.NoteOff(pitch)];
    }

    // The bias on a TIME_SHIFT of this many steps right after an onset (a 10 ms step each).
    private static float ShiftBias(StyleSteering steering, int steps)
    {
        var logits = new float[Vocabulary.Size];
        steering.Apply(logits, 0, new bool[Pitches], new double[Pitches]);
        return logits[Vocabulary.TimeShift(steps)];
    }

    private static float OnsetBias(StyleSteering steering, int pitch) => Biases(steering)[Vocabulary.NoteOn(pitch)];

    private static float VelocityBias(StyleSteering steering, int bin) => Biases(steering)[Vocabulary.Velocity(bin)];

    private static float[] Biases(StyleSteering steering)
    {
        var logits = new float[Vocabulary.Size];
        steering.Apply(logits, 0, new bool[Pitches], new double[Pitches]);
        return logits;
    }
}
