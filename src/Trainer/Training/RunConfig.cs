using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Models;

namespace EdgeMeta.Trainer.Training;

/// <summary>
/// The whole configuration of a run: one record per component. Loaded from JSON (unknown keys are errors),
/// then overridden by "section.key=value" pairs (unknown keys are errors too). Stored resolved in the run folder
/// and in every checkpoint.
/// </summary>
public sealed record RunConfig(ModelConfig Model, TaskSamplerSettings Sampler, TrainingConfig Training)
{
    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        // Best validation loss is NaN until a run has validated.
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>All defaults.</summary>
    public static RunConfig Default => new(new ModelConfig(), new TaskSamplerSettings(), new TrainingConfig());

    /// <summary>The inner loop the device will run (anil's steps and learning rate, plain SGD).</summary>
    public InnerLoopSettings InnerLoop => new(Training.InnerSteps, (float)Training.InnerLearningRate, (float)Training.DeviceReptileEpsilon, "sgd");

    /// <summary>Reads <paramref name="path"/> (or the defaults when null) and applies <paramref name="overrides"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not valid JSON for a run config, or an override names an unknown key.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static RunConfig Load(string? path, IEnumerable<string>? overrides = null)
    {
        var root = path is null
            ? new JsonObject()
            : JsonNode.Parse(File.ReadAllText(path), documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
              ?? throw new InvalidDataException($"{path}: a run config must be a JSON object.");
        var source = path ?? "defaults";
        var template = JsonSerializer.SerializeToNode(Default, JsonOptions)!.AsObject();
        foreach (var pair in overrides ?? [])
        {
            Apply(root, template, pair, source);
        }

        return Parse(root.ToJsonString(), source);
    }

    /// <summary>Parses a run config from JSON text; <paramref name="source"/> names it in errors.</summary>
    /// <exception cref="InvalidDataException">Not a valid run config.</exception>
    public static RunConfig Parse(string json, string source)
    {
        try
        {
            var parsed = JsonSerializer.Deserialize<RunConfig>(json, JsonOptions) ?? throw new InvalidDataException($"{source}: empty run config.");
            var config = new RunConfig(parsed.Model ?? new ModelConfig(), parsed.Sampler ?? new TaskSamplerSettings(), parsed.Training ?? new TrainingConfig());
            config.Model.Validate();
            return config;
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidDataException($"{source}: {ex.Message}", ex);
        }
    }

    /// <summary>Indented JSON of the resolved config.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private static void Apply(JsonObject root, JsonObject template, string pair, string source)
    {
        var equals = pair.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0)
        {
            throw new InvalidDataException($"Override '{pair}' is not of the form section.key=value (e.g. training.steps=200).");
        }

        var path = pair[..equals].Trim().Split('.');
        var text = pair[(equals + 1)..].Trim();
        if (path.Length != 2)
        {
            throw new InvalidDataException($"Override '{pair}': the key must be section.key, one of {string.Join(", ", template.Select(p => p.Key))} then a field.");
        }

        var section = template.FirstOrDefault(p => string.Equals(p.Key, path[0], StringComparison.OrdinalIgnoreCase));
        var field = section.Value is JsonObject fields ? fields.FirstOrDefault(p => string.Equals(p.Key, path[1], StringComparison.OrdinalIgnoreCase)) : default;
        if (section.Key is null || field.Key is null)
        {
            throw new InvalidDataException($"Override '{pair}' names an unknown key (config {source}).");
        }

        JsonNode? value;
        try
        {
            value = JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            value = JsonValue.Create(text); // bare words are strings: training.algorithm=maml
        }

        var target = root.FirstOrDefault(p => string.Equals(p.Key, section.Key, StringComparison.OrdinalIgnoreCase));
        if (target.Value is not JsonObject targetSection)
        {
            targetSection = [];
            root.Remove(target.Key ?? section.Key);
            root[section.Key] = targetSection;
        }

        var existing = targetSection.FirstOrDefault(p => string.Equals(p.Key, field.Key, StringComparison.OrdinalIgnoreCase));
        if (existing.Key is not null)
        {
            targetSection.Remove(existing.Key);
        }

        targetSection[field.Key] = value;
    }
}
