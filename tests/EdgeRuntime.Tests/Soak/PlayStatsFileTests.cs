using System.Text.Json;
using EdgeMeta.EdgeRuntime.Diagnostics;

namespace EdgeMeta.EdgeRuntime.Tests.Soak;

public sealed class PlayStatsFileTests
{
    [Fact]
    public void A_torn_last_line_is_skipped_and_a_torn_line_before_it_is_refused_naming_file_and_line()
    {
        var path = Path.GetTempFileName();
        try
        {
            var line = JsonSerializer.Serialize(new PlayStatsRecord { Seconds = 5, Answers = 2, StepP99Ms = 0.1, StepMaxMs = 0.2 });
            File.WriteAllText(path, line + "\n" + line[..20]);
            var records = PlayStatsWriter.Read(path);
            Assert.Equal(2, Assert.Single(records).Answers);

            File.WriteAllText(path, line[..20] + "\n" + line + "\n");
            var error = Assert.Throws<InvalidDataException>(() => PlayStatsWriter.Read(path));
            Assert.Contains(path, error.Message);
            Assert.Contains("line 1", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
