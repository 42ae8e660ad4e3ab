using System.Text.Json;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Tests.Adaptation;
using EdgeMeta.EdgeRuntime.Tests.Faults;

namespace EdgeMeta.EdgeRuntime.Tests.Profiles;

/// <summary>Profiles under crashes, poisoned weights, full and read-only disks (issue 14, findings 6-8).</summary>
public sealed class ProfileRobustnessTests : IDisposable
{
    private static readonly InnerLoopSettings Settings = new(Steps: 3, LearningRate: 0.2f, ReptileEpsilon: 0.5f);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "edgemeta-profiles-" + Guid.NewGuid().ToString("N"));
    private readonly AdapterParameters _init = AdapterTestData.RandomAdapter(12, 6, 0, seed: 50);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private PerformerProfile Session(ProfileStore store, string name, int seed) =>
        store.Get(name, "model-a", _init, Settings).Profile.AfterSession(AdapterTestData.RandomAdapter(12, 6, 0, seed), 3, DateTimeOffset.UtcNow);

    [Fact]
    public void Weights_and_counters_are_saved_as_one_file()
    {
        var store = new ProfileStore(_root);
        store.Save(Session(store, "ana", 1));

        Assert.Equal(["ana.safetensors"], Directory.GetFiles(_root).Select(Path.GetFileName));
        var metadata = SafeTensorsFile.Read(store.AdapterPath("ana")).Metadata;
        var info = JsonSerializer.Deserialize<PerformerProfileInfo>(metadata[ProfileStore.InfoMetadataKey])!;
        Assert.Equal(("ana", 1, 3), (info.Name, info.Sessions, info.PhrasesSeen));
    }

    [Fact]
    public void A_crash_between_writing_and_renaming_leaves_the_previous_profile_whole_and_the_temp_file_is_cleaned()
    {
        var store = new ProfileStore(_root);
        var first = Session(store, "ana", 1);
        store.Save(first);
        // What kill -9 during the next save leaves: the complete new image in a temp file of a dead process.
        var second = first.AfterSession(AdapterTestData.RandomAdapter(12, 6, 0, seed: 2), 5, DateTimeOffset.UtcNow);
        var dead = Path.Combine(_root, $".ana.safetensors.{int.MaxValue - 3}.{Guid.NewGuid():N}.tmp");
        File.WriteAllBytes(dead, AdapterFile.ToBytes(second.Adapter, Settings, "model-a"));

        var loaded = new ProfileStore(_root).Get("ana", "model-a", _init, Settings);

        Assert.False(loaded.IsNew);
        Assert.Equal(first.Adapter.HeadWeight, loaded.Profile.Adapter.HeadWeight);
        Assert.Equal(first.Info.Sessions, loaded.Profile.Info.Sessions);
        Assert.False(File.Exists(dead));
    }

    [Fact]
    public void A_profile_of_the_two_file_layout_loads_and_becomes_one_file_on_save()
    {
        var store = new ProfileStore(_root);
        Directory.CreateDirectory(_root);
        var old = PerformerProfile.FromInit("bo", "model-a", _init, Settings, DateTimeOffset.UtcNow);
        AdapterFile.Save(store.AdapterPath("bo"), old.Adapter, Settings, "model-a");
        File.WriteAllText(store.InfoPath("bo"), JsonSerializer.Serialize(old.Info with { Sessions = 4 }));

        var loaded = store.Get("bo", "model-a", _init, Settings);
        store.Save(loaded.Profile.AfterSession(_init, 1, DateTimeOffset.UtcNow));

        Assert.Equal(4, loaded.Profile.Info.Sessions);
        Assert.False(File.Exists(store.InfoPath("bo")));
        Assert.Equal(5, store.ReadInfo("bo").Sessions);
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void A_profile_with_non_finite_weights_is_set_aside_naming_the_file(float poison)
    {
        var store = new ProfileStore(_root);
        var profile = Session(store, "cy", 3);
        profile.Adapter.HeadBias[2] = poison;
        var info = new Dictionary<string, string> { [ProfileStore.InfoMetadataKey] = JsonSerializer.Serialize(profile.Info) };
        Directory.CreateDirectory(_root);
        File.WriteAllBytes(store.AdapterPath("cy"), AdapterFile.ToBytes(profile.Adapter, Settings, "model-a", info));

        var result = store.Get("cy", "model-a", _init, Settings);

        Assert.True(result.IsNew);
        Assert.Contains(store.AdapterPath("cy"), result.Warning, StringComparison.Ordinal);
        Assert.Contains("head.bias", result.Warning, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_root, "cy.safetensors.corrupt-*"));
        Assert.Equal(_init.HeadBias, result.Profile.Adapter.HeadBias);
        Assert.StartsWith("meta-learned init (profile cy was corrupt", result.StartDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_overflow_tensor_in_a_profile_is_set_aside_naming_the_file()
    {
        var store = new ProfileStore(_root);
        store.Save(Session(store, "dee", 4));
        var path = store.AdapterPath("dee");
        const string header = """{"lora.down":{"dtype":"F32","shape":[1073741824,1073741824,4],"data_offsets":[0,0]}}""";
        var json = System.Text.Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        File.WriteAllBytes(path, bytes);

        var result = store.Get("dee", "model-a", _init, Settings);

        Assert.True(result.IsNew);
        Assert.Contains(path + ": tensor 'lora.down'", result.Warning, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(_root, "dee.safetensors.corrupt-*"));
    }

    [Fact]
    public void A_profile_file_over_the_size_bound_is_set_aside_unread()
    {
        var store = new ProfileStore(_root);
        Directory.CreateDirectory(_root);
        using (var huge = File.Create(store.AdapterPath("eve")))
        {
            huge.SetLength(ProfileStore.MaxProfileBytes + 1); // sparse: no disk used
        }

        var result = store.Get("eve", "model-a", _init, Settings);

        Assert.True(result.IsNew);
        Assert.Contains("limit", result.Warning, StringComparison.Ordinal);
    }

    [Fact]
    public void Saving_a_diverged_adaptation_is_refused_and_the_previous_profile_kept()
    {
        var store = new ProfileStore(_root);
        var first = Session(store, "fin", 5);
        store.Save(first);
        var diverged = AdapterTestData.RandomAdapter(12, 6, 0, seed: 6);
        diverged.HeadWeight[7] = float.NaN;
        var poisoned = first.AfterSession(diverged, 2, DateTimeOffset.UtcNow);

        var ex = Assert.Throws<InvalidDataException>(() => store.Save(poisoned));

        Assert.Contains(store.AdapterPath("fin"), ex.Message, StringComparison.Ordinal);
        Assert.Equal(first.Adapter.HeadWeight, store.Get("fin", "model-a", _init, Settings).Profile.Adapter.HeadWeight);
    }

    [Fact]
    public void A_file_given_as_the_profile_folder_is_refused_clearly()
    {
        Directory.CreateDirectory(_root);
        var file = Path.Combine(_root, "profiles.txt");
        File.WriteAllText(file, "x");

        var ex = Assert.Throws<IOException>(() => new ProfileStore(file));

        Assert.StartsWith(file + ": is a regular file, not a profile folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_profile_beyond_the_count_bound_is_refused_and_existing_ones_still_save()
    {
        var store = new ProfileStore(_root);
        Directory.CreateDirectory(_root);
        for (var i = 0; i < ProfileStore.MaxProfiles; i++)
        {
            File.WriteAllBytes(Path.Combine(_root, $"p{i}.safetensors"), []);
        }

        var ex = Assert.Throws<IOException>(() => store.Save(PerformerProfile.FromInit("newcomer", "model-a", _init, Settings, DateTimeOffset.UtcNow)));
        store.Save(PerformerProfile.FromInit("p7", "model-a", _init, Settings, DateTimeOffset.UtcNow));

        Assert.Contains("1000 profiles", ex.Message, StringComparison.Ordinal);
        Assert.False(store.Exists("newcomer"));
    }

    [Fact]
    public void Start_description_names_a_loaded_profile_and_a_new_one_honestly()
    {
        var store = new ProfileStore(_root);
        Assert.Equal("meta-learned init (new profile gil)", store.Get("gil", "model-a", _init, Settings).StartDescription);
        store.Save(Session(store, "gil", 7));
        Assert.Equal("profile gil (1 earlier session(s))", store.Get("gil", "model-a", _init, Settings).StartDescription);
    }

    [Fact]
    [Trait("Category", "FaultInjection")]
    public void A_full_disk_during_save_keeps_the_previous_profile()
    {
        using var disk = SmallDisk.TryMount(kilobytes: 256);
        if (disk is null)
        {
            return; // needs root for mount; CI runs as root
        }

        var store = new ProfileStore(Path.Combine(disk.Path, "profiles"));
        var first = Session(store, "hal", 8);
        store.Save(first);
        disk.Fill();

        var ex = Assert.Throws<IOException>(() => store.Save(first.AfterSession(_init, 1, DateTimeOffset.UtcNow)));

        Assert.Contains(store.AdapterPath("hal"), ex.Message, StringComparison.Ordinal);
        var loaded = new ProfileStore(store.Root).Get("hal", "model-a", _init, Settings);
        Assert.False(loaded.IsNew);
        Assert.Equal(first.Adapter.HeadWeight, loaded.Profile.Adapter.HeadWeight);
        Assert.Equal(["hal.safetensors"], Directory.GetFiles(store.Root).Select(Path.GetFileName));
    }

    [Fact]
    [Trait("Category", "FaultInjection")]
    public void A_read_only_disk_during_save_keeps_the_previous_profile()
    {
        using var disk = SmallDisk.TryMount(kilobytes: 256);
        if (disk is null)
        {
            return;
        }

        var store = new ProfileStore(Path.Combine(disk.Path, "profiles"));
        var first = Session(store, "ida", 9);
        store.Save(first);
        disk.MakeReadOnly();

        var ex = Assert.Throws<IOException>(() => store.Save(first.AfterSession(_init, 1, DateTimeOffset.UtcNow)));

        Assert.Contains("ida.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Equal(first.Adapter.HeadWeight, new ProfileStore(store.Root).Get("ida", "model-a", _init, Settings).Profile.Adapter.HeadWeight);
    }

    [Fact]
    public void A_lone_surrogate_in_the_profile_json_is_refused_as_bad_data()
    {
        var profile = PerformerProfile.FromInit("jo", "model-a", _init, Settings, DateTimeOffset.UtcNow);
        var info = new Dictionary<string, string> { [ProfileStore.InfoMetadataKey] = """{"name":"\uDDDD","model_id":"model-a"}""" };
        var bytes = AdapterFile.ToBytes(profile.Adapter, Settings, "model-a", info);

        var ex = Assert.Throws<InvalidDataException>(() => ProfileStore.ParseProfile(bytes, "jo", "jo.safetensors"));

        Assert.StartsWith("jo.safetensors: not a valid profile JSON", ex.Message, StringComparison.Ordinal);
    }
}
