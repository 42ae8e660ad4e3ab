using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Display;

namespace EdgeMeta.Firmware.Tests.Box;

/// <summary>What the performer reads: each screen's words are where the layout puts them.</summary>
public sealed class BoxFrameRendererTests
{
    private static bool Shows(MonoFrame frame, int x, int y, string text, bool inverted = false)
    {
        var expected = new MonoFrame();
        expected.Text(x, y, text);
        for (var yy = y; yy < y + 7; yy++)
        {
            for (var xx = x; xx < x + (text.Length * 6) - 1; xx++)
            {
                if (frame[xx, yy] != (expected[xx, yy] ^ inverted))
                {
                    return false;
                }
            }
        }

        return true;
    }

    [Fact]
    public void The_status_screen_shows_state_profile_learning_and_the_knob()
    {
        var frame = new MonoFrame();
        BoxFrameRenderer.Render(new BoxView { State = BoxState.Playing, Profile = "ana", PhrasesLearned = 3, LastAdaptationMs = 25.46, Temperature = 0.85f, AnswerLength = 1 }, frame);

        Assert.True(Shows(frame, 1, 1, "PLAYING", inverted: true));
        Assert.True(Shows(frame, 127 - 18, 1, "ANA", inverted: true));
        Assert.True(Shows(frame, 0, 11, "LEARNED     3 PHRASES"));
        Assert.True(Shows(frame, 0, 20, "ADAPTED IN    25.5 MS"));
        Assert.True(Shows(frame, 0, 30, "TEMPERATURE      0.85", inverted: true));   // the knob's parameter is highlighted
        Assert.True(Shows(frame, 0, 39, "ANSWER LENGTH   1.00X"));
    }

    [Fact]
    public void The_activity_meter_fills_with_incoming_notes()
    {
        static int Lit(double activity)
        {
            var frame = new MonoFrame();
            BoxFrameRenderer.Render(new BoxView { Activity = activity }, frame);
            return Enumerable.Range(16, 110).Count(x => frame[x, 53]);
        }

        Assert.Equal(0, Lit(0));
        Assert.Equal(40, Lit(0.5));
        Assert.Equal(80, Lit(1));
    }

    [Fact]
    public void A_fault_says_what_is_wrong_when_it_retries_and_what_comes_next()
    {
        var frame = new MonoFrame();
        BoxFrameRenderer.Render(new BoxView { State = BoxState.Fault, Fault = "MIDI IN LOST", RetryInSeconds = 4, ResumeState = BoxState.Listening }, frame);

        Assert.True(Shows(frame, 1, 1, "! PROBLEM", inverted: true));
        Assert.True(Shows(frame, 0, 12, "MIDI IN LOST"));
        Assert.True(Shows(frame, 0, 24, "RETRY IN 4 S"));
        Assert.True(Shows(frame, 0, 34, "THEN: LISTENING"));
    }

    [Fact]
    public void The_profile_menu_highlights_the_choice_and_stars_the_current_profile()
    {
        var frame = new MonoFrame();
        BoxFrameRenderer.Render(new BoxView { Screen = BoxScreen.ProfileMenu, Profile = "house", Profiles = ["house", "ana"], MenuIndex = 1 }, frame);

        Assert.True(Shows(frame, 2, 11, "* HOUSE"));
        Assert.True(Shows(frame, 2, 20, "  ANA", inverted: true));
    }
}
