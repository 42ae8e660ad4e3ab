namespace EdgeMeta.Trainer.Training;

/// <summary>loss.png: training loss per step and held-out query NLL after adaptation at each validation.</summary>
public static class LossPlot
{
    public static void Write(string metricsCsv, string pngPath)
    {
        var rows = MetricsLog.Read(metricsCsv);
        if (rows.Count == 0)
        {
            return;
        }

        var plot = new ScottPlot.Plot();
        var train = plot.Add.ScatterLine(rows.Select(r => (double)r.Step).ToArray(), rows.Select(r => r.Train).ToArray());
        train.LegendText = "train (query NLL/event after adaptation)";
        var valid = rows.Where(r => !double.IsNaN(r.ValidAfter)).ToArray();
        if (valid.Length > 0)
        {
            var line = plot.Add.ScatterLine(valid.Select(r => (double)r.Step).ToArray(), valid.Select(r => r.ValidAfter).ToArray());
            line.LegendText = "held-out (query NLL/event after adaptation)";
            line.MarkerSize = 6;
        }

        plot.XLabel("meta-step");
        plot.YLabel("nats per event");
        plot.ShowLegend();
        plot.SavePng(pngPath, 900, 500);
    }
}
