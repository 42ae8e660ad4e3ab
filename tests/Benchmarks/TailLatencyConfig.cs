using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// P95 and P99 columns next to the mean: the real-time budgets are tail latencies. BenchmarkDotNet times
/// iterations of many operations and reports per-operation averages, so these are tails over iterations,
/// not over single steps (`edgemeta bench-step` measures single steps).
/// </summary>
internal sealed class TailLatencyConfig : ManualConfig
{
    public TailLatencyConfig() => AddColumn(StatisticColumn.P95, new P99Column());

    private sealed class P99Column : IColumn
    {
        public string Id => "TailLatencyP99";
        public string ColumnName => "P99";
        public bool AlwaysShow => true;
        public ColumnCategory Category => ColumnCategory.Statistics;
        public int PriorityInCategory => 10;
        public bool IsNumeric => true;
        public UnitType UnitType => UnitType.Time;
        public string Legend => "99th percentile over iterations of the per-operation time";

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, summary.Style);

        public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) =>
            summary[benchmarkCase]?.ResultStatistics is { } statistics
                ? (statistics.Percentiles.Percentile(99) / 1000.0).ToString("N3", CultureInfo.InvariantCulture) + " μs"
                : "NA";

        public bool IsAvailable(Summary summary) => true;

        public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;
    }
}
