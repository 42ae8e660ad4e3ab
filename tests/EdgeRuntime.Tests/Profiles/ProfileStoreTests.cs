using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Tests.Adaptation;

namespace EdgeMeta.EdgeRuntime.Tests.Profiles;

public sealed class ProfileStoreTests : IDisposable
{
    private static readonly InnerLoopSettings Settings = new(Steps: 3, LearningRate: 0.2f, ReptileEpsilon: 0.5f);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edgemeta-profiles-" + Guid.NewGuid().ToString("N"));
    private readonly AdapterParameters _init = AdapterTestData.RandomAdapter(12, 6, 2, seed: 40);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public void Unknown_name_starts_from_a_copy_of_the_init()
    {
        var store = new ProfileStore(_root);

        var result = store.Get("alice", "model-a", _init, Settings);

        Assert.True(result.IsNew);
        Assert.Null(result.Warning);
        Assert.Equal(_init.HeadWeight, result.Profile.Adapter.HeadWeight);
        Assert.NotSame(_init.HeadWeight, result.Profile.Adapter.HeadWeight);
        Assert.Empty(store.Names());
    }

    [Fact]
    public void Saved_profile_loads_back_with_weights_and_counters()
    {
        var store = new ProfileStore(_root);
        var adapted = AdapterTestData.RandomAdapter(12, 6, 2, seed: 41);
        var profile = store.Get("alice", "model-a", _init, Settings).Profile.AfterSession(adapted, 4, DateTimeOffset.UtcNow);

        store.Save(profile);
        var loaded = store.Get("alice", "model-a", _init, Settings);

        Assert.False(loaded.IsNew);
        Assert.Equal(profile.Adapter.HeadWeight, loaded.Profile.Adapter.HeadWeight);
        Assert.Equal(profile.Adapter.LoraUp, loaded.Profile.Adapter.LoraUp);
        Assert.Equal(4, loaded.Profile.Info.PhrasesSeen);
        Assert.Equal(1, loaded.Profile.Info.Sessions);
        Assert.Equal(["alice"], store.Names());
    }

    [Fact]
    public void Session_moves_the_profile_half_way_with_epsilon_one_half()
    {
        var adapted = AdapterTestData.RandomAdapter(12, 6, 2, seed: 42);
        var profile = PerformerProfile.FromInit("bob", "model-a", _init, Settings, DateTimeOffset.UtcNow);

        var after = profile.AfterSession(adapted, 2, DateTimeOffset.UtcNow);

        Assert.Equal((_init.HeadBias[5] + adapted.HeadBias[5]) / 2, after.Adapter.HeadBias[5], 1e-6f);
    }

    [Fact]
    public void Save_leaves_no_temporary_files_behind()
    {
        var store = new ProfileStore(_root);
        var profile = PerformerProfile.FromInit("carol", "model-a", _init, Settings, DateTimeOffset.UtcNow);

        store.Save(profile);
        store.Save(profile.AfterSession(_init, 1, DateTimeOffset.UtcNow));

        Assert.Equal(["carol.safetensors"], Directory.GetFiles(_root).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Profile_for_another_model_is_refused_naming_both_ids()
    {
        var store = new ProfileStore(_root);
        store.Save(PerformerProfile.FromInit("dave", "model-a", _init, Settings, DateTimeOffset.UtcNow));

        var ex = Assert.Throws<InvalidDataException>(() => store.Get("dave", "model-b", _init, Settings));

        Assert.Contains("model-a", ex.Message, StringComparison.Ordinal);
        Assert.Contains("model-b", ex.Message, StringComparison.Ordinal);
        Assert.True(store.Exists("dave"));
    }

    [Fact]
    public void Corrupt_profile_is_moved_aside_reported_and_the_init_used()
    {
        var store = new ProfileStore(_root);
        store.Save(PerformerProfile.FromInit("erin", "model-a", _init, Settings, DateTimeOffset.UtcNow));
        byte[] garbage = [1, 2, 3, 4, 5, 6, 7, 8, 9];
        File.WriteAllBytes(store.AdapterPath("erin"), garbage);

        var result = store.Get("erin", "model-a", _init, Settings);

        Assert.True(result.IsNew);
        Assert.NotNull(result.Warning);
        Assert.Contains("erin", result.Warning, StringComparison.Ordinal);
        Assert.Equal(_init.HeadWeight, result.Profile.Adapter.HeadWeight);
        Assert.False(store.Exists("erin"));
        var kept = Assert.Single(Directory.GetFiles(_root, "erin.safetensors.corrupt-*"));
        Assert.Equal(garbage, File.ReadAllBytes(kept));
        Assert.Contains(kept, result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Corrupt_legacy_json_is_also_kept_aside()
    {
        var store = new ProfileStore(_root);
        Directory.CreateDirectory(_root);
        AdapterFile.Save(store.AdapterPath("fay"), _init, Settings, "model-a");
        File.WriteAllText(store.InfoPath("fay"), "{ not json");

        var result = store.Get("fay", "model-a", _init, Settings);

        Assert.NotNull(result.Warning);
        Assert.Single(Directory.GetFiles(_root, "fay.json.corrupt-*"));
        Assert.Single(Directory.GetFiles(_root, "fay.safetensors.corrupt-*"));
    }

    [Fact]
    public void Reset_returns_to_the_init_and_keeps_the_creation_date()
    {
        var store = new ProfileStore(_root);
        var created = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var first = PerformerProfile.FromInit("gus", "model-a", _init, Settings, created)
            .AfterSession(AdapterTestData.RandomAdapter(12, 6, 2, seed: 43), 8, created);
        store.Save(first);

        store.Reset("gus", "model-a", _init, Settings);
        var loaded = store.Get("gus", "model-a", _init, Settings).Profile;

        Assert.Equal(_init.HeadWeight, loaded.Adapter.HeadWeight);
        Assert.Equal(0, loaded.Info.PhrasesSeen);
        Assert.Equal(created, loaded.Info.Created);
    }

    [Fact]
    public void Delete_removes_both_files_and_reports_absence()
    {
        var store = new ProfileStore(_root);
        store.Save(PerformerProfile.FromInit("hal", "model-a", _init, Settings, DateTimeOffset.UtcNow));

        Assert.True(store.Delete("hal"));
        Assert.False(store.Delete("hal"));
        Assert.Empty(Directory.GetFiles(_root));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData(".hidden")]
    [InlineData("")]
    [InlineData("a/b")]
    public void Names_that_are_not_plain_stems_are_refused(string name)
    {
        Assert.Throws<ArgumentException>(() => new ProfileStore(_root).Get(name, "model-a", _init, Settings));
    }

    [Fact]
    public void Stored_file_is_a_regular_adapter_file_for_the_model()
    {
        var store = new ProfileStore(_root);
        store.Save(PerformerProfile.FromInit("ivy", "model-a", _init, Settings, DateTimeOffset.UtcNow));

        var contents = AdapterFile.Load(store.AdapterPath("ivy"));

        Assert.Equal("model-a", contents.ModelId);
        Assert.Equal(Settings, contents.InnerLoop);
    }
}
