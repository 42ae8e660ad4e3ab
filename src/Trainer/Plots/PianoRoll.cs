using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.Trainer.Plots;

/// <summary>
/// A piano-roll picture of a call and its response: one bar per note (time across, pitch up), the
/// performer's notes in one colour and the box's in another, the response drawn after the call so
/// the eye reads it as a conversation. Velocity sets each bar's opacity.
/// </summary>
public static class PianoRoll
{
    /// <summary>Writes a PNG of <paramref name="call"/> followed by <paramref name="response"/>.</summary>
    /// <param name="call">The performer's notes.</param>
    /// <param name="response">The box's notes; shifted to start right after the call when <paramref name="placeAfterCall"/> is true.</param>
    /// <param name="pngPath">Output file.</param>
    /// <param name="placeAfterCall">Shift the response so it starts 0.5 s after the call's last release.</param>
    /// <exception cref="ArgumentException">Both note lists are empty.</exception>
    public static void Save(IReadOnlyList<Note> call, IReadOnlyList<Note> response, string pngPath, bool placeAfterCall = true)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(response);
        if (call.Count == 0 && response.Count == 0)
        {
            throw new ArgumentException("nothing to draw: both the call and the response are empty");
        }

        double offset = 0;
        if (placeAfterCall && call.Count > 0 && response.Count > 0)
        {
            offset = call.Max(n => n.End) + 0.5 - response.Min(n => n.Start);
        }

        var plot = new ScottPlot.Plot();
        AddNotes(plot, call, 0, ScottPlot.Colors.SteelBlue);
        AddNotes(plot, response, offset, ScottPlot.Colors.OrangeRed);
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "performer (call)", FillColor = ScottPlot.Colors.SteelBlue });
        plot.Legend.ManualItems.Add(new ScottPlot.LegendItem { LabelText = "EdgeMeta (response)", FillColor = ScottPlot.Colors.OrangeRed });
        plot.ShowLegend();
        plot.XLabel("seconds");
        plot.YLabel("MIDI pitch");
        plot.SavePng(pngPath, 1200, 500);
    }

    private static void AddNotes(ScottPlot.Plot plot, IReadOnlyList<Note> notes, double offset, ScottPlot.Color color)
    {
        foreach (var note in notes)
        {
            var bar = plot.Add.Rectangle(note.Start + offset, Math.Max(note.End, note.Start + 0.02) + offset, note.Pitch - 0.4, note.Pitch + 0.4);
            bar.FillColor = color.WithAlpha(0.35 + 0.65 * note.Velocity / 127.0);
            bar.LineWidth = 0;
        }
    }
}
