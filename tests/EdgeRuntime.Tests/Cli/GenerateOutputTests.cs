using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary><c>edgemeta generate</c> checks its output before the work starts (issue 14, findings 3, 10).</summary>
[Collection(ConsoleCollection.Name)]
public sealed class GenerateOutputTests
{
    private static readonly string Model = Path.Combine(TestPaths.RepositoryRoot(), "models", "default");

    [Fact]
    public void The_primer_as_output_is_refused_and_left_unchanged()
    {
        using var folder = new ScratchFolder();
        var primer = folder.File("call.mid");
        MidiFile.FromNotes([new Note(60, 100, 0, 0.5)]).Write(primer);
        var before = File.ReadAllBytes(primer);

        var (code, _, error) = CliRunner.Edgemeta("generate", "--model", Model, "--prime", primer, "--out", primer, "--seconds", "1");

        Assert.Equal(2, code);
        Assert.Contains("is the input", error, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(primer));
    }

    [Fact]
    public void A_device_node_as_output_is_refused_and_stays_a_device()
    {
        using var folder = new ScratchFolder();
        var device = folder.File("x");
        SpecialFiles.CharacterDevice(device);

        var (code, _, error) = CliRunner.Edgemeta("generate", "--model", Model, "--out", device, "--seconds", "1");

        Assert.Equal(2, code);
        Assert.Contains($"{device}: is a character device", error, StringComparison.Ordinal);
        Assert.Equal(FileKind.CharacterDevice, FileStatus.Of(device).Kind);
    }
}
