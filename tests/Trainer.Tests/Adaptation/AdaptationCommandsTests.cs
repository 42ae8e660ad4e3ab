using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.Trainer.Tests.Adaptation;

/// <summary><c>edgemeta adapt</c>, <c>respond</c> and <c>profile</c> on an exported model folder, through the CLI's Main.</summary>
public sealed class AdaptationCommandsTests : IDisposable
{
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "edgemeta-adapt-cli-" + Guid.NewGuid().ToString("N"));
    private readonly string _model;
    private readonly string _profiles;
    private readonly string _phrases;

    public AdaptationCommandsTests()
    {
        _model = Path.Combine(_dir, "model");
        _profiles = Path.Combine(_dir, "profiles");
        _phrases = Path.Combine(_dir, "performer.mid");
        TinyAdaptationModel.Write(_model);
        // Five phrases separated by 1.5 s rests so the segmenter cuts them apart.
        var tokenizer = new PerformanceTokenizer();
        var notes = new List<Note>();
        double offset = 0;
        foreach (var phrase in SyntheticPerformers.ScalesStaccato(seed: 5, count: 5))
        {
            var decoded = tokenizer.Decode(phrase.Tokens, offset);
            notes.AddRange(decoded);
            offset = decoded.Max(n => n.End) + 1.5;
        }

        MidiFile.FromNotes(notes).Write(_phrases);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Adapt_twice_then_list_show_respond_and_delete()
    {
        var first = CliRunner.Edgemeta("adapt", "--model", _model, "--profile", "anna", "--phrases", _phrases, "--profiles", _profiles);
        var second = CliRunner.Edgemeta("adapt", "--model", _model, "--profile", "anna", "--phrases", _phrases, "--profiles", _profiles);
        var list = CliRunner.Edgemeta("profile", "list", "--profiles", _profiles);
        var show = CliRunner.Edgemeta("profile", "show", "anna", "--profiles", _profiles);
        var outPath = Path.Combine(_dir, "response.mid");
        var respond = CliRunner.Edgemeta("respond", "--model", _model, "--phrases", _phrases, "--out", outPath, "--profile", "anna", "--profiles", _profiles, "--seed", "3");
        var delete = CliRunner.Edgemeta("profile", "delete", "anna", "--profiles", _profiles);
        var deleteAgain = CliRunner.Edgemeta("profile", "delete", "anna", "--profiles", _profiles);

        Assert.True(first.Code == 0, first.Error);
        Assert.Contains("held-back NLL per event: before", first.Output, StringComparison.Ordinal);
        Assert.Contains("4 adapted on", first.Output, StringComparison.Ordinal);
        Assert.Contains("1 session(s), 4 phrases", first.Output, StringComparison.Ordinal);
        Assert.Contains("2 session(s), 8 phrases", second.Output, StringComparison.Ordinal);
        Assert.Contains("anna", list.Output, StringComparison.Ordinal);
        Assert.Contains("sessions: 2; phrases seen: 8", show.Output, StringComparison.Ordinal);
        Assert.True(respond.Code == 0, respond.Error);
        Assert.Contains("time: load", respond.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(outPath));
        Assert.Equal(0, delete.Code);
        Assert.Equal(2, deleteAgain.Code);
        Assert.Contains("anna", deleteAgain.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Adapt_refuses_a_file_with_a_single_phrase()
    {
        var single = Path.Combine(_dir, "single.mid");
        MidiFile.FromNotes([new Note(60, 90, 0, 0.2), new Note(62, 90, 0.25, 0.5)]).Write(single);

        var result = CliRunner.Edgemeta("adapt", "--model", _model, "--profile", "bo", "--phrases", single, "--profiles", _profiles);

        Assert.Equal(2, result.Code);
        Assert.Contains(single, result.Error, StringComparison.Ordinal);
        Assert.Contains("at least 2", result.Error, StringComparison.Ordinal);
    }
}
