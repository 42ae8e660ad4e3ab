using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.EdgeRuntime.Tests.Models;

/// <summary>
/// The shipped model, as a newcomer's first run uses it: models/default loads with every hash verified,
/// and adapting to an example performer's phrases makes a held-back phrase of theirs more likely.
/// </summary>
public sealed class DefaultModelTests : IDisposable
{
    private static readonly string[] Performers = ["folk-jig", "blues-riff", "chorale"];
    private readonly LoadedModel _model = ModelFolder.Load(Path.Combine(TestPaths.RepositoryRoot(), "models", "default"));
    private readonly OnnxBackbone _backbone;

    public DefaultModelTests() => _backbone = new OnnxBackbone(_model.BackbonePath);

    [Fact]
    public void The_default_model_loads_with_verified_hashes_and_the_device_vocabulary()
    {
        Assert.Equal(Vocabulary.Id, _model.Manifest.Vocabulary.Id);
        Assert.Equal(_backbone.FeatureSize, _model.InitialAdapter.FeatureSize);
        Assert.All(_model.Manifest.Files.Keys, name => Assert.True(File.Exists(Path.Combine(_model.Directory, name)), name));
    }

    [Theory]
    [InlineData("folk-jig")]
    [InlineData("blues-riff")]
    [InlineData("chorale")]
    public void Adapting_to_an_example_lowers_the_nll_of_its_held_back_phrase(string performer)
    {
        var (support, heldBack) = Phrases(performer);
        var loop = new InnerLoop(_model.InnerLoop);

        var adapted = loop.Adapt(_model.InitialAdapter, PhraseFeatures.Batch(_backbone, support)).Adapted;

        float before = loop.NegativeLogLikelihood(_model.InitialAdapter, heldBack);
        float after = loop.NegativeLogLikelihood(adapted, heldBack);
        Assert.True(after < before, $"{performer}: held-back NLL {before:F3} before, {after:F3} after adaptation");
    }

    [Fact]
    public void Each_example_performer_is_best_predicted_by_the_adapter_adapted_to_them()
    {
        var loop = new InnerLoop(_model.InnerLoop);
        var phrases = Performers.ToDictionary(p => p, Phrases);
        var adapted = Performers.ToDictionary(p => p, p => loop.Adapt(_model.InitialAdapter, PhraseFeatures.Batch(_backbone, phrases[p].Support)).Adapted);

        foreach (var performer in Performers)
        {
            var heldBack = phrases[performer].HeldBack;
            float own = loop.NegativeLogLikelihood(adapted[performer], heldBack);
            foreach (var other in Performers.Where(o => o != performer))
            {
                float theirs = loop.NegativeLogLikelihood(adapted[other], heldBack);
                Assert.True(own < theirs, $"{performer}'s held-back phrase: own adapter {own:F3}, {other}'s adapter {theirs:F3}");
            }
        }
    }

    public void Dispose() => _backbone.Dispose();

    // All phrases but the last are the support; the last is held back, as `edgemeta adapt` does.
    private (IReadOnlyList<Phrase> Support, SupportBatch HeldBack) Phrases(string performer)
    {
        var notes = MidiFile.Read(Path.Combine(TestPaths.RepositoryRoot(), "examples", performer + ".mid")).ToNotes();
        var phrases = new PhraseSegmenter(new PerformanceTokenizer()).Segment(notes);
        return (phrases.Take(phrases.Count - 1).ToArray(), PhraseFeatures.Batch(_backbone, [phrases[^1]]));
    }
}
