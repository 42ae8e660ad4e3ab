using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary><c>edgemeta bench-soak</c> and <c>play --stats</c> refuse bad arguments before starting anything.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class BenchSoakOptionsTests
{
    [Theory]
    [InlineData("--minutes", "0")]
    [InlineData("--minutes", "NaN")]
    [InlineData("--windows", "2")]
    public void An_out_of_range_number_is_refused_by_name(string option, string value)
    {
        var (code, _, error) = CliRunner.Edgemeta("bench-soak", "--model", "/nonexistent-model", option, value);
        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_folder_is_named_before_play_starts()
    {
        var (code, _, error) = CliRunner.Edgemeta("bench-soak", "--model", "/nonexistent-model", "--phrases", Path.Combine(TestPaths.RepositoryRoot(), "examples", "folk-jig.mid"));
        Assert.Equal(2, code);
        Assert.Contains("/nonexistent-model", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Play_refuses_a_stats_path_it_could_not_write_before_the_session_starts()
    {
        var (code, _, error) = CliRunner.Edgemeta("play", "--model", "/nonexistent-model", "--in", "fifo:/nonexistent-in", "--out", "fifo:/nonexistent-out", "--stats", "/dev/null");
        Assert.Equal(2, code);
        Assert.Contains("/dev/null", error, StringComparison.Ordinal);
        Assert.DoesNotContain("nonexistent-model", error, StringComparison.Ordinal);
    }
}
