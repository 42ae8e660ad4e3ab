using EdgeMeta.Trainer.Evaluation;

namespace EdgeMeta.Trainer.Tests.Evaluation;

public sealed class MarkdownReportTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "edgemeta-report-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    [Fact]
    public void Report_and_PNG_plots_are_written()
    {
        var tasks = new[]
        {
            SyntheticTasks.Riff("reels", "a.mid", 4),
            SyntheticTasks.Riff("reels", "b.mid", 5, transpose: 5),
            SyntheticTasks.Riff("jigs", "c.mid", 4, transpose: -2),
        };
        var results = new FewShotRunner(new FewShotSettings { Shots = [1, 2] }).Run(tasks, [new UniformMethod(), new PpmMethod(), new ContinuatorMethod()]);

        var path = MarkdownReport.Write(results, _directory, "Test model");

        var text = File.ReadAllText(path);
        Assert.StartsWith("# Test model", text, StringComparison.Ordinal);
        Assert.Contains("## All families (3 tasks)", text, StringComparison.Ordinal);
        Assert.Contains("## reels (2 tasks, single-line)", text, StringComparison.Ordinal);
        Assert.Contains("| uniform | 2 | 3 | 5.969 ± 0.000 |", text, StringComparison.Ordinal);
        Assert.Contains("| PPM (support) | 1 |", text, StringComparison.Ordinal);
        Assert.Contains("Tasks per K: K = 1: 3, K = 2: 3.", text, StringComparison.Ordinal);
        Assert.Contains("## All single-line families (jigs, reels)", text, StringComparison.Ordinal);
        Assert.Contains("| method | K | pitch-class JSD | interval JSD | IOI JSD | duration JSD | register gap |", text, StringComparison.Ordinal);
        Assert.Contains("| Continuator (support notes) | 2 |", text, StringComparison.Ordinal);
        Assert.DoesNotContain("| Continuator (support notes) | 2 | 3 | —", text, StringComparison.Ordinal); // no NLL row for a method that only plays
        Assert.Contains("![NLL vs K, all](nll-vs-k-all.png)", text, StringComparison.Ordinal);
        foreach (var png in new[] { "nll-vs-k-all.png", "nll-vs-k-reels.png", "nll-vs-k-jigs.png" })
        {
            var bytes = File.ReadAllBytes(Path.Combine(_directory, png));
            Assert.True(bytes.Length > 1000, $"{png} has only {bytes.Length} bytes");
            Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, bytes[..4]);
        }
    }
}
