using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>
/// Reads a model folder <c>models/NAME/</c> and refuses anything that does not add up: a missing file,
/// a length or SHA-256 that differs from the manifest, adapter tensors that do not match the manifest's
/// dimensions, another vocabulary, or an adapter made for another model id.
/// </summary>
public static partial class ModelFolder
{
    public const string BackboneFileName = "backbone.onnx";
    public const string AdapterFileName = "adapter.safetensors";
    public const string ManifestFileName = "manifest.json";
    public const string ModelCardFileName = "MODEL_CARD.md";

    /// <summary>Loads and verifies a model folder.</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">manifest.json or a file it lists is missing (message names it).</exception>
    /// <exception cref="InvalidDataException">A hash, length, shape, vocabulary or model id mismatch, or a malformed file (message names the file and the mismatch).</exception>
    public static LoadedModel Load(string dir)
    {
        ArgumentException.ThrowIfNullOrEmpty(dir);
        if (!Directory.Exists(dir))
        {
            throw new DirectoryNotFoundException($"{dir}: model folder not found");
        }

        var manifestPath = Path.Combine(dir, ManifestFileName);
        if (!File.Exists(manifestPath))
        {
            throw new FileNotFoundException($"{manifestPath}: missing; not a model folder (expected {ManifestFileName}, {BackboneFileName}, {AdapterFileName})", manifestPath);
        }

        var manifest = ModelManifest.Parse(File.ReadAllText(manifestPath), manifestPath);
        CheckDimensions(manifest, manifestPath);
        foreach (var (name, entry) in manifest.Files.Where(f => f.Key != AdapterFileName))
        {
            VerifyFile(dir, name, entry, manifestPath);
        }

        // The adapter is hashed and parsed from the same bytes: a file swapped in between is never used.
        var adapterPath = Path.Combine(dir, AdapterFileName);
        var adapterBytes = ReadVerified(dir, AdapterFileName, manifest.Files[AdapterFileName], manifestPath);
        var adapter = AdapterFile.FromFile(SafeTensorsFile.Parse(adapterBytes, adapterPath), adapterPath);
        var a = adapter.Adapter;
        var d = manifest.Dimensions;
        if (a.VocabularySize != d.VocabularySize || a.FeatureSize != d.FeatureSize || a.Rank != d.AdapterRank)
        {
            throw new InvalidDataException(
                $"{adapterPath}: adapter shapes [V={a.VocabularySize}, F={a.FeatureSize}, r={a.Rank}] do not match {ManifestFileName} dimensions [V={d.VocabularySize}, F={d.FeatureSize}, r={d.AdapterRank}]");
        }

        if (adapter.VocabularyId != Vocabulary.Id)
        {
            throw new InvalidDataException($"{adapterPath}: vocabulary '{adapter.VocabularyId}' differs from this runtime's '{Vocabulary.Id}'");
        }

        if (adapter.ModelId != manifest.ModelId)
        {
            throw new InvalidDataException($"{adapterPath}: made for model '{adapter.ModelId}' but {ManifestFileName} says '{manifest.ModelId}'");
        }

        if (adapter.InnerLoop != manifest.InnerLoop)
        {
            throw new InvalidDataException($"{adapterPath}: inner-loop settings {adapter.InnerLoop} differ from {ManifestFileName} {manifest.InnerLoop}");
        }

        return new LoadedModel(manifest, dir, Path.Combine(dir, BackboneFileName), a, adapter.InnerLoop, manifest.ModelId);
    }

    /// <summary>
    /// Opens the verified backbone of <paramref name="model"/> on ONNX Runtime and checks the graph against the
    /// manifest: layers, hidden size and feature size must be the graph's own, or the manifest is wrong about
    /// the model (edited by hand, or paired with another backbone) and is refused.
    /// </summary>
    /// <exception cref="InvalidDataException">The graph's sizes differ from manifest.json's (message names both files and the numbers), or backbone.onnx is not a backbone.</exception>
    /// <remarks>
    /// The ONNX file is read once, its length and SHA-256 checked against the manifest again, and the session
    /// built from those same bytes: a backbone.onnx replaced after <see cref="Load"/> is refused, not run.
    /// </remarks>
    public static OnnxBackbone OpenBackbone(LoadedModel model, BackboneSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        var manifestPath = Path.Combine(model.Directory, ManifestFileName);
        var bytes = ReadVerified(model.Directory, BackboneFileName, model.Manifest.Files[BackboneFileName], manifestPath,
            " since the model folder was loaded");
        var backbone = new OnnxBackbone(bytes, model.BackbonePath, options);
        try
        {
            CheckBackbone(model, backbone.Layers, backbone.FeatureSize);
            return backbone;
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>Checks a backbone graph's layer count and hidden size against the model's manifest.</summary>
    /// <exception cref="InvalidDataException">They differ (message names manifest.json, backbone.onnx and both numbers).</exception>
    public static void CheckBackbone(LoadedModel model, int graphLayers, int graphHiddenSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        var d = model.Manifest.Dimensions;
        var manifestPath = Path.Combine(model.Directory, ManifestFileName);
        foreach (var (field, stated) in new[] { ("layers", d.Layers), ("hidden_size", d.HiddenSize), ("feature_size", d.FeatureSize) })
        {
            var actual = field == "layers" ? graphLayers : graphHiddenSize;
            if (stated != actual)
            {
                throw new InvalidDataException(
                    $"{manifestPath}: dimensions.{field} is {stated} but {model.BackbonePath} has {actual}; the manifest does not describe this backbone");
            }
        }
    }

    /// <summary>
    /// Checks a parsed manifest on its own: format, vocabulary, positive dimensions, the two required files,
    /// and that the layer count and hidden size agree with the ONNX input and output shapes it lists.
    /// </summary>
    /// <exception cref="InvalidDataException">Any disagreement (message names <paramref name="manifestPath"/> and the field).</exception>
    public static void CheckDimensions(ModelManifest manifest, string manifestPath)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        CheckManifest(manifest, manifestPath);
        var d = manifest.Dimensions;
        CheckListedShape(manifest.Onnx?.Inputs, OnnxBackboneNames.State, [d.Layers, -1, d.HiddenSize], "layers, B, hidden_size", manifestPath);
        CheckListedShape(manifest.Onnx?.Outputs, OnnxBackboneNames.StateOut, [d.Layers, -1, d.HiddenSize], "layers, B, hidden_size", manifestPath);
        CheckListedShape(manifest.Onnx?.Outputs, OnnxBackboneNames.Features, [-1, -1, d.FeatureSize], "T, B, feature_size", manifestPath);
    }

    // "state: float [2, B, 256]": the exporter writes each input and output like this; symbolic axes are -1.
    private static void CheckListedShape(IReadOnlyList<string>? entries, string name, int[] expected, string meaning, string manifestPath)
    {
        var entry = entries?.FirstOrDefault(e => e.StartsWith(name + ":", StringComparison.Ordinal));
        if (entry is null)
        {
            return; // older or hand-made manifests list names only; OpenBackbone checks the graph itself
        }

        var match = ListedShape().Match(entry);
        var axes = match.Success ? match.Groups[1].Value.Split(',', StringSplitOptions.TrimEntries) : [];
        if (axes.Length != expected.Length)
        {
            throw new InvalidDataException($"{manifestPath}: onnx entry '{entry}' is not '{name}: TYPE [{meaning}]'");
        }

        for (var i = 0; i < axes.Length; i++)
        {
            if (expected[i] >= 0 && (!int.TryParse(axes[i], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size != expected[i]))
            {
                throw new InvalidDataException($"{manifestPath}: onnx entry '{entry}' disagrees with dimensions [{meaning}] = {expected[i]} at axis {i}");
            }
        }
    }

    [GeneratedRegex(@"\[([^\]]*)\]\s*$", RegexOptions.CultureInvariant)]
    private static partial Regex ListedShape();

    private static void CheckManifest(ModelManifest manifest, string manifestPath)
    {
        if (manifest.FormatVersion != ModelManifest.CurrentFormatVersion)
        {
            throw new InvalidDataException($"{manifestPath}: format_version {manifest.FormatVersion} is not supported (this runtime reads {ModelManifest.CurrentFormatVersion})");
        }

        if (manifest.Vocabulary.Id != Vocabulary.Id || manifest.Vocabulary.Size != Vocabulary.Size)
        {
            throw new InvalidDataException($"{manifestPath}: vocabulary {manifest.Vocabulary.Id} ({manifest.Vocabulary.Size} tokens) differs from this runtime's {Vocabulary.Id} ({Vocabulary.Size} tokens)");
        }

        var d = manifest.Dimensions;
        if (d.VocabularySize != Vocabulary.Size)
        {
            throw new InvalidDataException($"{manifestPath}: dimensions.vocabulary_size {d.VocabularySize} differs from the vocabulary's {Vocabulary.Size} tokens");
        }

        if (d.EmbeddingSize <= 0 || d.HiddenSize <= 0 || d.Layers <= 0 || d.FeatureSize <= 0 || d.AdapterRank < 0)
        {
            throw new InvalidDataException($"{manifestPath}: dimensions {d} are not all positive");
        }

        foreach (var required in new[] { BackboneFileName, AdapterFileName })
        {
            if (!manifest.Files.ContainsKey(required))
            {
                throw new InvalidDataException($"{manifestPath}: files does not list {required}");
            }
        }
    }

    private static void VerifyFile(string dir, string name, ManifestFileEntry entry, string manifestPath)
    {
        // Names are plain file names; a manifest must not point outside its folder.
        if (name.Length == 0 || name != Path.GetFileName(name) || name is "." or "..")
        {
            throw new InvalidDataException($"{manifestPath}: file entry '{name}' is not a plain file name");
        }

        var path = Path.Combine(dir, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: missing (listed in {ManifestFileName})", path);
        }

        var length = new FileInfo(path).Length;
        if (length != entry.Bytes)
        {
            var hint = length < entry.Bytes ? "; the file is truncated" : string.Empty;
            throw new InvalidDataException($"{path}: size mismatch (manifest {entry.Bytes} bytes, file {length} bytes){hint}");
        }

        string actual;
        using (var stream = File.OpenRead(path))
        {
            actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        }

        if (!string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: sha256 mismatch (manifest {Short(entry.Sha256)}..., file {Short(actual)}...); the file was changed after export");
        }
    }

    private static byte[] ReadVerified(string dir, string name, ManifestFileEntry entry, string manifestPath, string when = "")
    {
        var path = Path.Combine(dir, name);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: missing (listed in {ManifestFileName})", path);
        }

        var length = new FileInfo(path).Length;
        if (length != entry.Bytes)
        {
            throw new InvalidDataException($"{path}: size mismatch (manifest {entry.Bytes} bytes, file {length} bytes){(length < entry.Bytes ? "; the file is truncated" : string.Empty)}{(when.Length > 0 ? $"; it changed{when}" : string.Empty)}");
        }

        var bytes = File.ReadAllBytes(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
        if (bytes.LongLength != entry.Bytes || !string.Equals(actual, entry.Sha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidDataException($"{path}: sha256 mismatch (manifest {Short(entry.Sha256)}..., file {Short(actual)}...); the file was changed{(when.Length > 0 ? when : " after export")}");
        }

        return bytes;
    }

    private static string Short(string hex) => hex.Length > 12 ? hex[..12] : hex;
}
