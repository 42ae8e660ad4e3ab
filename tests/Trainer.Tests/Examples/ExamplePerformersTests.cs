using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Tests.Shared;
using EdgeMeta.Trainer.Examples;

namespace EdgeMeta.Trainer.Tests.Examples;

public sealed class ExamplePerformersTests
{
    [Theory]
    [InlineData("folk-jig")]
    [InlineData("blues-riff")]
    [InlineData("chorale")]
    public void Each_example_cuts_into_at_least_six_phrases(string name)
    {
        var style = ExamplePerformers.All.Single(s => s.Name == name);
        var notes = style.Compose(new Random(7));

        var phrases = new PhraseSegmenter(new PerformanceTokenizer()).Segment(notes);

        Assert.InRange(phrases.Count, 6, 12);
    }

    [Fact]
    public void The_styles_sit_in_different_registers()
    {
        double MeanPitch(string name) =>
            ExamplePerformers.All.Single(s => s.Name == name).Compose(new Random(7)).Average(n => n.Pitch);

        Assert.True(MeanPitch("folk-jig") > MeanPitch("chorale") + 5);
        Assert.True(MeanPitch("chorale") > MeanPitch("blues-riff") + 5);
    }

    [Fact]
    public void The_shipped_example_files_are_what_the_composer_writes()
    {
        string examples = Path.Combine(TestPaths.RepositoryRoot(), "examples");
        foreach (var style in ExamplePerformers.All)
        {
            var expected = MidiFile.FromNotes(style.Compose(new Random(7))).ToBytes();
            var shipped = File.ReadAllBytes(Path.Combine(examples, style.Name + ".mid"));
            Assert.Equal(expected, shipped);
        }
    }
}
