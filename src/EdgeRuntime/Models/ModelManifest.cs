using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeMeta.EdgeRuntime.Adaptation;

namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>
/// <c>manifest.json</c> of a model folder (snake_case JSON): what the model is, how it was made, and the
/// SHA-256 and length of every file, so a device can verify a folder before it plays a note with it.
/// </summary>
/// <param name="FormatVersion">Version of this manifest layout (<see cref="CurrentFormatVersion"/>).</param>
/// <param name="ModelId">Name plus a short content hash, e.g. "maestro-small-1a2b3c4d".</param>
/// <param name="Name">Model name.</param>
/// <param name="Vocabulary">Token layout.</param>
/// <param name="Dimensions">Backbone and adapter sizes.</param>
/// <param name="Onnx">Facts about backbone.onnx.</param>
/// <param name="InnerLoop">Device inner-loop settings (also in adapter.safetensors; the two must agree).</param>
/// <param name="Training">Training data, command, config.</param>
/// <param name="Evaluation">Free-form evaluation summary.</param>
/// <param name="Files">File name to hash and length.</param>
public sealed record ModelManifest(
    int FormatVersion,
    string ModelId,
    string Name,
    VocabularySpec Vocabulary,
    ModelDimensions Dimensions,
    OnnxGraphInfo Onnx,
    InnerLoopSettings InnerLoop,
    TrainingInfo Training,
    IReadOnlyDictionary<string, string> Evaluation,
    IReadOnlyDictionary<string, ManifestFileEntry> Files)
{
    /// <summary>The manifest layout this runtime writes and reads.</summary>
    public const int CurrentFormatVersion = 1;

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>Indented snake_case JSON.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options) + "\n";

    /// <summary>Parses manifest JSON; <paramref name="source"/> names the file in messages.</summary>
    /// <exception cref="InvalidDataException">Not JSON, a missing or unknown field, or a field of the wrong type.</exception>
    public static ModelManifest Parse(string json, string source)
    {
        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Options)
                ?? throw new InvalidDataException($"{source}: manifest is null");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: not a valid manifest ({ex.Message})", ex);
        }

        // The serializer checks nullability of properties, not of list and dictionary elements.
        var nullField = FirstNull(
            ("onnx.inputs", manifest.Onnx.Inputs), ("onnx.outputs", manifest.Onnx.Outputs),
            ("training.data_folders", manifest.Training.DataFolders), ("training.families", manifest.Training.Families),
            ("training.held_out_families", manifest.Training.HeldOutFamilies), ("training.config", manifest.Training.Config.Values),
            ("evaluation", manifest.Evaluation.Values), ("files", manifest.Files.Values));
        return nullField is null ? manifest : throw new InvalidDataException($"{source}: {nullField} holds a null entry");
    }

    private static string? FirstNull(params (string Field, IEnumerable<object?> Items)[] fields) =>
        fields.FirstOrDefault(f => f.Items.Any(item => item is null)).Field;
}
