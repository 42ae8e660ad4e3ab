using System.Globalization;
using ScottPlot;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>PNG plot of query NLL per event against K, one line with 95% error bars per method.</summary>
public static class NllPlot
{
    /// <summary>Writes the plot for one family (or <see cref="FewShotResults.AllFamilies"/>).</summary>
    /// <param name="results">A run's results.</param>
    /// <param name="family">Which rows to plot.</param>
    /// <param name="path">PNG file to write; its folder must exist.</param>
    /// <param name="width">Pixels.</param>
    /// <param name="height">Pixels.</param>
    /// <exception cref="ArgumentException">The results hold no rows for <paramref name="family"/>.</exception>
    /// <exception cref="IOException">The file could not be written.</exception>
    public static void Save(FewShotResults results, string family, string path, int width = 800, int height = 500)
    {
        ArgumentNullException.ThrowIfNull(results);
        ArgumentException.ThrowIfNullOrEmpty(path);
        var rows = results.Summarise(family);
        if (rows.Count == 0)
        {
            throw new ArgumentException($"no results for family '{family}' to plot into {path}", nameof(family));
        }

        var plot = new Plot();
        // K doubles from one point to the next, so x is log2 K with the K values as tick labels.
        foreach (var method in results.Methods)
        {
            var points = rows.Where(r => r.Method == method && double.IsFinite(r.NllPerEvent.Mean)).OrderBy(r => r.Shots).ToArray();
            if (points.Length == 0)
            {
                continue;
            }

            var xs = points.Select(r => Math.Log2(r.Shots)).ToArray();
            var ys = points.Select(r => r.NllPerEvent.Mean).ToArray();
            var errors = points.Select(r => double.IsFinite(r.NllPerEvent.HalfWidth) ? r.NllPerEvent.HalfWidth : 0).ToArray();
            var line = plot.Add.Scatter(xs, ys);
            line.LegendText = method;
            var bars = plot.Add.ErrorBar(xs, ys, errors);
            bars.Color = line.Color;
        }

        var ticks = results.Shots.Order().ToArray();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            ticks.Select(k => Math.Log2(k)).ToArray(),
            ticks.Select(k => k.ToString(CultureInfo.InvariantCulture)).ToArray());
        plot.Title(family == FewShotResults.AllFamilies ? "Query NLL vs support size (all families)" : $"Query NLL vs support size ({family})");
        plot.XLabel("K (support phrases)");
        plot.YLabel("NLL per event (nats), mean ± 95% CI over tasks");
        plot.ShowLegend(Alignment.UpperRight);
        try
        {
            plot.SavePng(path, width, height);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or DirectoryNotFoundException)
        {
            throw new IOException($"cannot write plot {path}: {e.Message}", e);
        }
    }
}
