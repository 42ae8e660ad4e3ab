using System.Globalization;

namespace EdgeMeta.Trainer.Training;

/// <summary>metrics.csv: step, train loss, events/s, validation NLL before and after adaptation, elapsed seconds.</summary>
public sealed class MetricsLog
{
    private const string Header = "step,train_loss,events_per_s,valid_before,valid_after,elapsed_s";
    private readonly string _path;

    /// <summary>Opens (or creates) the log; on resume rows after <paramref name="keepUpToStep"/> are dropped.</summary>
    public MetricsLog(string path, long keepUpToStep)
    {
        _path = path;
        var rows = File.Exists(path) ? File.ReadAllLines(path).Skip(1) : [];
        var kept = rows.Where(r => long.Parse(r.Split(',')[0], CultureInfo.InvariantCulture) <= keepUpToStep).ToArray();
        File.WriteAllLines(path, [Header, .. kept]);
    }

    public void Append(long step, double trainLoss, double eventsPerSecond, double validBefore, double validAfter, double elapsed) =>
        File.AppendAllText(_path, string.Create(CultureInfo.InvariantCulture, $"{step},{trainLoss:R},{eventsPerSecond:F0},{validBefore:R},{validAfter:R},{elapsed:F1}\n"));

    /// <summary>The log's rows as (step, train, validAfter).</summary>
    public static IReadOnlyList<(long Step, double Train, double ValidAfter)> Read(string path) =>
        File.ReadAllLines(path).Skip(1).Select(r => r.Split(','))
            .Select(c => (long.Parse(c[0], CultureInfo.InvariantCulture), double.Parse(c[1], CultureInfo.InvariantCulture), double.Parse(c[4], CultureInfo.InvariantCulture)))
            .ToArray();
}
