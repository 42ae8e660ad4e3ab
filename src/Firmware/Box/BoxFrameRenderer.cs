using System.Globalization;
using EdgeMeta.Firmware.Devices.Display;

namespace EdgeMeta.Firmware.Box;

/// <summary>
/// Draws a <see cref="BoxView"/> into the 128×64 frame: eight text lines of 21 characters in the 5×7 font.
/// The top line is the state in inverse video, so it reads from across a stage.
/// </summary>
public static class BoxFrameRenderer
{
    private const int Columns = 21;

    /// <summary>Clears <paramref name="frame"/> and draws <paramref name="view"/> into it.</summary>
    public static void Render(BoxView view, MonoFrame frame)
    {
        ArgumentNullException.ThrowIfNull(view);
        ArgumentNullException.ThrowIfNull(frame);
        frame.Clear();
        switch (view.Screen)
        {
            case BoxScreen.ConfirmClear:
                Title(frame, "CLEAR PROFILE?");
                frame.Text(0, 14, Fit($"FORGET {view.Profile}"));
                frame.Text(0, 24, "BACK TO THE MODEL'S");
                frame.Text(0, 33, "STARTING POINT.");
                frame.Text(0, 46, "CLEAR AGAIN: YES");
                frame.Text(0, 56, "OTHER BUTTON: NO");
                return;
            case BoxScreen.ProfileMenu:
                Title(frame, "PROFILE");
                for (var i = 0; i < view.Profiles.Count && i < 6; i++)
                {
                    var first = Math.Clamp(view.MenuIndex - 5, 0, Math.Max(0, view.Profiles.Count - 6));
                    var index = first + i;
                    var y = 10 + (i * 9);
                    frame.Text(2, y + 1, Fit((view.Profiles[index] == view.Profile ? "* " : "  ") + view.Profiles[index]));
                    if (index == view.MenuIndex)
                    {
                        frame.Invert(0, y, MonoFrame.Width, 9);
                    }
                }

                return;
        }

        if (view.State == BoxState.Fault)
        {
            Title(frame, "! PROBLEM");
            frame.Text(0, 12, Fit(view.Fault ?? "FAULT"));
            frame.Text(0, 24, Fit(string.Create(CultureInfo.InvariantCulture, $"RETRY IN {view.RetryInSeconds} S")));
            frame.Text(0, 34, Fit("THEN: " + StateWord(view.ResumeState)));
            frame.Text(0, 46, "DETAILS: JOURNALCTL");
            frame.Text(0, 55, "-U EDGEMETA-BOX");
            return;
        }

        Title(frame, StateWord(view.State), view.Profile);
        var adapt = double.IsNaN(view.LastAdaptationMs) ? "--" : view.LastAdaptationMs.ToString("0.0", CultureInfo.InvariantCulture) + " MS";
        frame.Text(0, 11, Pair("LEARNED", view.PhrasesLearned.ToString(CultureInfo.InvariantCulture) + " PHRASES"));
        frame.Text(0, 20, Pair("ADAPTED IN", adapt));
        var temperature = view.Temperature.ToString("0.00", CultureInfo.InvariantCulture);
        var length = view.AnswerLength.ToString("0.00", CultureInfo.InvariantCulture) + "X";
        frame.Text(0, 30, Pair("TEMPERATURE", temperature));
        frame.Text(0, 39, Pair("ANSWER LENGTH", length));
        frame.Invert(0, view.Knob == KnobParameter.Temperature ? 29 : 38, MonoFrame.Width, 9);

        // Activity meter of the performer's notes: 20 segments.
        frame.Text(0, 50, "IN");
        frame.Box(14, 49, 114, 9);
        var lit = (int)Math.Round(Math.Clamp(view.Activity, 0, 1) * 20);
        for (var i = 0; i < lit; i++)
        {
            frame.Fill(16 + (i * 11 / 2), 51, 4, 5);
        }

        if (view.Notice is { } notice)
        {
            frame.Fill(0, 48, MonoFrame.Width, 16, lit: false);
            frame.Text(0, 56, Fit(notice));
        }
    }

    /// <summary>The word the display uses for a state.</summary>
    public static string StateWord(BoxState state) => state switch
    {
        BoxState.Idle => "READY",
        BoxState.Learning => "LEARNING",
        BoxState.Listening => "LISTENING",
        BoxState.Adapting => "ADAPTING",
        BoxState.Playing => "PLAYING",
        _ => "PROBLEM",
    };

    private static void Title(MonoFrame frame, string left, string? right = null)
    {
        frame.Text(1, 1, left);
        if (right is not null)
        {
            var text = right.Length > 8 ? right[..8] : right;
            frame.Text(MonoFrame.Width - 1 - (text.Length * 6), 1, text.ToUpperInvariant());
        }

        frame.Invert(0, 0, MonoFrame.Width, 9);
    }

    private static string Pair(string label, string value)
    {
        var gap = Math.Max(1, Columns - label.Length - value.Length);
        return Fit(label + new string(' ', gap) + value);
    }

    private static string Fit(string text) => (text.Length > Columns ? text[..Columns] : text).ToUpperInvariant();
}
