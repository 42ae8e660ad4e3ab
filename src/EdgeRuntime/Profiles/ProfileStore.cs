using System.Globalization;
using System.Text.Json;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Models;

namespace EdgeMeta.EdgeRuntime.Profiles;

/// <summary>
/// Performer profiles on disk: for each name, <c>NAME.safetensors</c> (an adapter file, see
/// <see cref="AdapterFile"/>) and <c>NAME.json</c> (<see cref="PerformerProfileInfo"/>). Writes are
/// atomic. A profile for another model is refused; a corrupt one is moved aside to
/// <c>FILE.corrupt-TIMESTAMP</c> (never overwritten or deleted) and the meta-learned init is used.
/// </summary>
public sealed class ProfileStore
{
    /// <summary>Environment variable that overrides the default root.</summary>
    public const string RootVariable = "EDGEMETA_PROFILES";

    private const string AdapterExtension = ".safetensors";
    private const string InfoExtension = ".json";
    private const int MaxNameLength = 64;
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>A store rooted at <paramref name="root"/> (created on the first save).</summary>
    public ProfileStore(string root)
    {
        ArgumentException.ThrowIfNullOrEmpty(root);
        Root = Path.GetFullPath(root);
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

    /// <summary>Reads only the JSON part of a stored profile.</summary>
    /// <exception cref="FileNotFoundException">No such profile.</exception>
    /// <exception cref="InvalidDataException">The JSON is malformed (message names the file).</exception>
    public PerformerProfileInfo ReadInfo(string name)
    {
        var path = InfoPath(name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: profile '{name}' not found in {Root}", path);
        }

        return ParseInfo(path, name);
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
            contents = AdapterFile.Load(adapterPath);
            info = File.Exists(infoPath)
                ? ParseInfo(infoPath, name)
                : throw new InvalidDataException($"{infoPath}: missing beside {adapterPath}");
        }
        catch (InvalidDataException ex)
        {
            var moved = MoveAside(adapterPath, infoPath);
            var warning = $"profile '{name}' is corrupt ({ex.Message}); moved aside to {string.Join(", ", moved)}; using the meta-learned init";
            return new ProfileLoadResult(PerformerProfile.FromInit(name, modelId, init, innerLoop, DateTimeOffset.UtcNow), IsNew: true, Warning: warning);
        }

        foreach (var (source, id) in new[] { (adapterPath, contents.ModelId), (infoPath, info.ModelId) })
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

    /// <summary>Writes the profile atomically (adapter first, then its JSON), each through temp file, fsync and rename.</summary>
    /// <exception cref="IOException">The folder is not writable (message names the file).</exception>
    public void Save(PerformerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var name = profile.Info.Name;
        CheckName(name);
        Directory.CreateDirectory(Root);
        AdapterFile.Save(AdapterPath(name), profile.Adapter, profile.InnerLoop, profile.Info.ModelId);
        AtomicFile.WriteAllText(InfoPath(name), JsonSerializer.Serialize(profile.Info, JsonOptions) + "\n");
    }

    /// <summary>Puts a profile back to the meta-learned init (counters to zero, creation date kept) and saves it.</summary>
    public PerformerProfile Reset(string name, string modelId, AdapterParameters init, InnerLoopSettings innerLoop)
    {
        CheckName(name);
        var now = DateTimeOffset.UtcNow;
        DateTimeOffset created = now;
        if (File.Exists(InfoPath(name)))
        {
            try
            {
                created = ParseInfo(InfoPath(name), name).Created;
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

    /// <summary>Path of a profile's JSON file.</summary>
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

    private static PerformerProfileInfo ParseInfo(string path, string name)
    {
        PerformerProfileInfo? info;
        try
        {
            info = JsonSerializer.Deserialize<PerformerProfileInfo>(File.ReadAllText(path), JsonOptions);
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
