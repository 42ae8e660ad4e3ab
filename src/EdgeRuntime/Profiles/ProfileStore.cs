using System.Globalization;
using System.Text.Json;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Models;

namespace EdgeMeta.EdgeRuntime.Profiles;

/// <summary>
/// Performer profiles on disk: one file per name, <c>NAME.safetensors</c>, an adapter file (see
/// <see cref="AdapterFile"/>) whose metadata entry <c>profile</c> holds the <see cref="PerformerProfileInfo"/>
/// JSON. Weights and counters are one file, so one atomic rename saves both: a crash (kill -9, power cut) at
/// any moment leaves the old profile or the new one, never new weights with old counters. Temporary files of
/// writers that died are removed when the store is first used. Profiles of the earlier two-file layout
/// (<c>NAME.json</c> beside the weights) still load and are folded into one file on their next save.
/// A profile for another model is refused; a corrupt one (unreadable, torn, NaN or infinite weights, over
/// <see cref="MaxProfileBytes"/>) is moved aside to <c>FILE.corrupt-TIMESTAMP</c> (never overwritten or
/// deleted) and the meta-learned init is used.
/// </summary>
public sealed class ProfileStore
{
    /// <summary>Environment variable that overrides the default root.</summary>
    public const string RootVariable = "EDGEMETA_PROFILES";

    /// <summary>Metadata key of the adapter file that holds the profile's JSON.</summary>
    public const string InfoMetadataKey = "profile";

    /// <summary>Most profiles one folder holds; saving a new name beyond it is refused (a gallery box meets many visitors).</summary>
    public const int MaxProfiles = 1000;

    /// <summary>Largest profile file read, 64 MiB (the shipped model's is 0.4 MB); a larger one is set aside unread.</summary>
    public const long MaxProfileBytes = 64L * 1024 * 1024;

    private const string AdapterExtension = ".safetensors";
    private const string InfoExtension = ".json";
    private const int MaxNameLength = 64;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };
    private bool _cleaned;

    /// <summary>A store rooted at <paramref name="root"/> (created on the first save).</summary>
    /// <exception cref="IOException"><paramref name="root"/> exists and is not a folder (message names it).</exception>
    public ProfileStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
        var kind = FileStatus.Of(Root).Kind;
        if (kind is not (FileKind.Missing or FileKind.Directory))
        {
            throw new IOException($"{root}: is {FileStatus.Describe(kind)}, not a profile folder; give --profiles a folder (it is created if missing)");
        }
    }

    /// <summary>The profile folder.</summary>
    public string Root { get; }

    /// <summary>$EDGEMETA_PROFILES, else ~/.local/share/edgemeta/profiles (XDG data home).</summary>
    public static string DefaultRoot()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(RootVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var dataHome = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(dataHome))
        {
            dataHome = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        }

        return Path.Combine(dataHome, "edgemeta", "profiles");
    }

    /// <summary>Names of the stored profiles (those with an adapter file), sorted.</summary>
    public IReadOnlyList<string> Names()
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        return Directory.EnumerateFiles(Root, "*" + AdapterExtension)
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(IsValidName)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Whether a profile of that name is stored.</summary>
    public bool Exists(string name) => File.Exists(AdapterPath(name));

    /// <summary>Reads the bookkeeping (name, model, counters) of a stored profile.</summary>
    /// <exception cref="FileNotFoundException">No such profile.</exception>
    /// <exception cref="InvalidDataException">The file or its JSON is malformed (message names the file).</exception>
    public PerformerProfileInfo ReadInfo(string name)
    {
        var path = AdapterPath(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: profile '{name}' not found in {Root}", path);
        }

        return Parse(name, path).Info;
    }

    /// <summary>
    /// Loads a profile for the given model, or starts one from the meta-learned init when none is
    /// stored or the stored one is corrupt (then moved aside and reported in <see cref="ProfileLoadResult.Warning"/>).
    /// Nothing is written except the move of a corrupt file.
    /// </summary>
    /// <param name="name">Profile name.</param>
    /// <param name="modelId">Id of the loaded model.</param>
    /// <param name="init">The model's meta-learned adapter init.</param>
    /// <param name="innerLoop">The model's inner-loop settings.</param>
    /// <exception cref="ArgumentException">The name is not a plain file name stem.</exception>
    /// <exception cref="InvalidDataException">The profile was made for another model, or has another adapter shape (message names both).</exception>
    public ProfileLoadResult Get(string name, string modelId, AdapterParameters init, InnerLoopSettings innerLoop)
    {
        CheckName(name);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(innerLoop);
        CleanOnce();
        var adapterPath = AdapterPath(name);
        var infoPath = InfoPath(name);
        if (!File.Exists(adapterPath))
        {
            return new ProfileLoadResult(PerformerProfile.FromInit(name, modelId, init, innerLoop, DateTimeOffset.UtcNow), IsNew: true, Warning: null);
        }

        AdapterFileContents contents;
        PerformerProfileInfo info;
        try
        {
            (contents, info) = Parse(name, adapterPath);
        }
        catch (InvalidDataException ex)
        {
            var moved = MoveAside(adapterPath, infoPath);
            var warning = $"profile '{name}' is corrupt ({ex.Message}); moved aside to {string.Join(", ", moved)}; using the meta-learned init";
            return new ProfileLoadResult(PerformerProfile.FromInit(name, modelId, init, innerLoop, DateTimeOffset.UtcNow), IsNew: true, Warning: warning);
        }

        foreach (var (source, id) in new[] { (adapterPath, contents.ModelId), (adapterPath, info.ModelId) })
        {
            if (!string.Equals(id, modelId, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"{source}: profile '{name}' was made for model '{id}', not for the loaded model '{modelId}'; use another profile name or `edgemeta profile reset {name}`");
            }
        }

        var a = contents.Adapter;
        if (a.VocabularySize != init.VocabularySize || a.FeatureSize != init.FeatureSize || a.Rank != init.Rank)
        {
            throw new InvalidDataException(
                $"{adapterPath}: profile adapter [V={a.VocabularySize}, F={a.FeatureSize}, r={a.Rank}] does not fit model '{modelId}' [V={init.VocabularySize}, F={init.FeatureSize}, r={init.Rank}]");
        }

        // The model's settings win: a profile carries weights, the model decides how to adapt them.
        return new ProfileLoadResult(new PerformerProfile(info, a, innerLoop), IsNew: false, Warning: null);
    }

    /// <summary>Loads a profile for a loaded model folder; see <see cref="Get(string, string, AdapterParameters, InnerLoopSettings)"/>.</summary>
    public ProfileLoadResult Get(string name, LoadedModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        return Get(name, model.ModelId, model.InitialAdapter, model.InnerLoop);
    }

    /// <summary>
    /// Writes the profile, weights and JSON together, as one file through temp file, fsync and rename. On any
    /// failure (disk full, read-only, NaN weights) the previous profile is left exactly as it was.
    /// </summary>
    /// <exception cref="IOException">The folder is not writable, the disk is full, or the folder already holds <see cref="MaxProfiles"/> other profiles (message names the file).</exception>
    /// <exception cref="InvalidDataException">A weight is NaN or infinite (a diverged adaptation); nothing is written.</exception>
    public void Save(PerformerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var name = profile.Info.Name;
        CheckName(name);
        CleanOnce();
        var path = AdapterPath(name);
        if (!File.Exists(path) && Names().Count >= MaxProfiles)
        {
            throw new IOException($"{path}: not saved: {Root} already holds {MaxProfiles} profiles, the limit; remove some with `edgemeta profile delete NAME`");
        }

        Directory.CreateDirectory(Root);
        AdapterFile.Save(path, profile.Adapter, profile.InnerLoop, profile.Info.ModelId, InfoMetadata(profile.Info));
        // The JSON of the two-file layout now only repeats what the file holds (or is stale): remove it.
        if (File.Exists(InfoPath(name)))
        {
            File.Delete(InfoPath(name));
        }
    }

    /// <summary>Puts a profile back to the meta-learned init (counters to zero, creation date kept) and saves it.</summary>
    public PerformerProfile Reset(string name, string modelId, AdapterParameters init, InnerLoopSettings innerLoop)
    {
        CheckName(name);
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset created = now;
        if (File.Exists(AdapterPath(name)))
        {
            try
            {
                created = Parse(name, AdapterPath(name)).Info.Created;
            }
            catch (InvalidDataException)
            {
                // A broken JSON is being replaced anyway; the creation date is all that is lost.
            }
        }

        var fresh = PerformerProfile.FromInit(name, modelId, init, innerLoop, now);
        fresh = fresh with { Info = fresh.Info with { Created = created } };
        Save(fresh);
        return fresh;
    }

    /// <summary>Deletes a profile's files; returns false when there was nothing to delete.</summary>
    public bool Delete(string name)
    {
        CheckName(name);
        bool any = false;
        foreach (var path in new[] { AdapterPath(name), InfoPath(name) })
        {
            if (File.Exists(path))
            {
                File.Delete(path);
                any = true;
            }
        }

        return any;
    }

    /// <summary>Path of a profile's adapter file.</summary>
    public string AdapterPath(string name)
    {
        CheckName(name);
        return Path.Combine(Root, name + AdapterExtension);
    }

    /// <summary>Path of the JSON file of the earlier two-file layout (read when the profile file has no <see cref="InfoMetadataKey"/>).</summary>
    public string InfoPath(string name)
    {
        CheckName(name);
        return Path.Combine(Root, name + InfoExtension);
    }

    internal static void CheckName(string name)
    {
        if (!IsValidName(name))
        {
            throw new ArgumentException(
                $"Profile name '{name}' is not allowed: use 1-{MaxNameLength} letters, digits, '-', '_' or '.', not starting with '.'.", nameof(name));
        }
    }

    private static bool IsValidName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxNameLength && name[0] != '.'
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The file image <see cref="Save"/> writes for <paramref name="profile"/> (no finiteness check).</summary>
    public static byte[] ToBytes(PerformerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        return AdapterFile.ToBytes(profile.Adapter, profile.InnerLoop, profile.Info.ModelId, InfoMetadata(profile.Info));
    }

    private static Dictionary<string, string> InfoMetadata(PerformerProfileInfo info) =>
        new() { [InfoMetadataKey] = JsonSerializer.Serialize(info) };

    /// <summary>
    /// Parses a profile file image: an adapter file whose metadata holds the profile JSON. The profile loader's
    /// whole check in one call, for <see cref="Get(string, string, AdapterParameters, InnerLoopSettings)"/> and the fuzzer.
    /// </summary>
    /// <exception cref="InvalidDataException">Not a profile of that name (message names <paramref name="source"/>).</exception>
    public static (AdapterFileContents Contents, PerformerProfileInfo Info) ParseProfile(ReadOnlySpan<byte> bytes, string name, string source)
    {
        var file = SafeTensorsFile.Parse(bytes, source);
        var contents = AdapterFile.FromFile(file, source);
        if (!file.Metadata.TryGetValue(InfoMetadataKey, out var json))
        {
            throw new InvalidDataException($"{source}: metadata '{InfoMetadataKey}' is missing");
        }

        return (contents, ParseInfoJson(json, source, name));
    }

    private (AdapterFileContents Contents, PerformerProfileInfo Info) Parse(string name, string path)
    {
        var file = SafeTensorsFile.Read(path, MaxProfileBytes);
        var contents = AdapterFile.FromFile(file, path);
        if (file.Metadata.TryGetValue(InfoMetadataKey, out var json))
        {
            return (contents, ParseInfoJson(json, path, name));
        }

        var legacy = InfoPath(name);
        var info = File.Exists(legacy)
            ? ParseInfoJson(File.ReadAllText(legacy), legacy, name)
            : throw new InvalidDataException($"{path}: has no '{InfoMetadataKey}' metadata and no {Path.GetFileName(legacy)} beside it");
        return (contents, info);
    }

    private void CleanOnce()
    {
        if (!_cleaned)
        {
            _cleaned = true;
            AtomicFile.CleanStaleTemporaries(Root);
        }
    }

    private static PerformerProfileInfo ParseInfoJson(string json, string path, string name)
    {
        PerformerProfileInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<PerformerProfileInfo>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: not a valid profile JSON ({ex.Message})", ex);
        }

        if (info is null || string.IsNullOrEmpty(info.ModelId) || info.Name != name || info.PhrasesSeen < 0 || info.Sessions < 0)
        {
            throw new InvalidDataException($"{path}: profile JSON lacks name '{name}', model_id or valid counters");
        }

        return info;
    }

    // Keeps the evidence: renames, never overwrites (a numbered suffix if the stamp is taken).
    private static List<string> MoveAside(params string[] paths)
    {
        var stamp = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
        var moved = new List<string>();
        foreach (var path in paths.Where(File.Exists))
        {
            var target = $"{path}.corrupt-{stamp}";
            for (int i = 1; File.Exists(target); i++)
            {
                target = $"{path}.corrupt-{stamp}-{i}";
            }

            File.Move(path, target, overwrite: false);
            moved.Add(target);
        }

        return moved;
    }
}
