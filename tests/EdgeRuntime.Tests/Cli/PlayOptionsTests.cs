using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary><c>edgemeta play</c> checks every number before it opens anything, naming the option.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class PlayOptionsTests
{
    [Theory]
    [InlineData("--temperature", "NaN")]
    [InlineData("--temperature", "-1")]
    [InlineData("--temperature", "9")]
    [InlineData("--length", "NaN")]
    [InlineData("--transpose", "200")]
    [InlineData("--transpose", "-200")]
    [InlineData("--clock-out", "0")]
    [InlineData("--clock-out", "-120")]
    [InlineData("--clock-out", "NaN")]
    [InlineData("--clock-out", "1e9")]
    [InlineData("--marker-cc", "200")]
    [InlineData("--marker-note", "-3")]
    [InlineData("--idle-forget", "-1")]
    [InlineData("--delay", "NaN")]
    [InlineData("--rest", "0")]
    [InlineData("--seconds", "-5")]
    [InlineData("--ignore-echo", "-1")]
    public void An_out_of_range_number_is_refused_by_name_before_anything_opens(string option, string value)
    {
        var (code, _, error) = CliRunner.Edgemeta("play", "--model", "/nonexistent-model", "--in", "fifo:/nonexistent-in", "--out", "fifo:/nonexistent-out", option, value);

        Assert.Equal(2, code);
        Assert.Contains(option, error, StringComparison.Ordinal);
        Assert.DoesNotContain("nonexistent-model", error, StringComparison.Ordinal);
    }
}
