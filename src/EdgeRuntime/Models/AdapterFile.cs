using System.Globalization;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>
/// Reads and writes adapters as safetensors: tensors head.weight [V, F], head.bias [V] and, with a low-rank
/// residual, lora.down [r, F] and lora.up [F, r]; the inner-loop settings, vocabulary and model id travel in
/// the metadata, so Python's <c>safetensors</c> can open the file and the device can refuse a mismatch.
/// Performer profiles use the same format.
/// </summary>
public static class AdapterFile
{
    /// <summary>Version of this metadata layout.</summary>
    public const string FormatVersion = "1";

    public const string FormatVersionKey = "format_version";
    public const string ModelIdKey = "model_id";
    public const string VocabularyKey = "vocabulary";
    public const string InnerOptimizerKey = "inner_optimizer";
    public const string InnerStepsKey = "inner_steps";
    public const string InnerLearningRateKey = "inner_lr";
    public const string ReptileEpsilonKey = "reptile_epsilon";

    /// <summary>Writes the adapter atomically (temp file, fsync, rename); <paramref name="extraMetadata"/> joins the metadata.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    /// <exception cref="InvalidDataException">A weight is NaN or infinite (a diverged adaptation); nothing is written, the old file stays.</exception>
    public static void Save(string path, AdapterParameters adapter, InnerLoopSettings settings, string modelId, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        if (adapter.FirstNonFinite() is { } bad)
        {
            throw new InvalidDataException(
                $"{path}: not saved: tensor '{bad.Tensor}' holds {bad.Value.ToString(CultureInfo.InvariantCulture)} at index {bad.Index} (a diverged adaptation); the previous file is kept");
        }

        AtomicFile.WriteAllBytes(path, ToBytes(adapter, settings, modelId, extraMetadata));
    }

    /// <summary>The safetensors image <see cref="Save"/> writes (no finiteness check, so tests can build poisoned files).</summary>
    public static byte[] ToBytes(AdapterParameters adapter, InnerLoopSettings settings, string modelId, IReadOnlyDictionary<string, string>? extraMetadata = null)
    {
        ArgumentNullException.ThrowIfNull(adapter);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentException.ThrowIfNullOrEmpty(modelId);
        var metadata = new Dictionary<string, string>(extraMetadata ?? new Dictionary<string, string>())
        {
            [FormatVersionKey] = FormatVersion,
            [ModelIdKey] = modelId,
            [VocabularyKey] = Vocabulary.Id,
            [InnerOptimizerKey] = settings.Optimizer,
            [InnerStepsKey] = settings.Steps.ToString(CultureInfo.InvariantCulture),
            [InnerLearningRateKey] = settings.LearningRate.ToString("R", CultureInfo.InvariantCulture),
            [ReptileEpsilonKey] = settings.ReptileEpsilon.ToString("R", CultureInfo.InvariantCulture),
        };
        var tensors = adapter.Tensors().Select(t => new SafeTensor(t.Name, t.Shape, t.Data));
        return new SafeTensorsFile(tensors, metadata).ToBytes();
    }

    /// <summary>Reads and validates an adapter file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">Malformed file, missing/unknown tensor, inconsistent shapes, a NaN or infinite weight, or bad metadata; the message names the file.</exception>
    public static AdapterFileContents Load(string path) => FromFile(SafeTensorsFile.Read(path), path);

    /// <summary>Interprets an already parsed safetensors file as an adapter; <paramref name="source"/> names it in messages.</summary>
    /// <exception cref="InvalidDataException">Missing/unknown tensor, inconsistent shapes, a NaN or infinite weight, or bad metadata.</exception>
    public static AdapterFileContents FromFile(SafeTensorsFile file, string source)
    {
        ArgumentNullException.ThrowIfNull(file);
        var meta = file.Metadata;
        var version = Required(meta, FormatVersionKey, source);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"{source}: adapter format_version {version} is not supported (this runtime reads {FormatVersion})");
        }

        var settings = new InnerLoopSettings(
            Steps: ParseInt(meta, InnerStepsKey, source),
            LearningRate: ParseFloat(meta, InnerLearningRateKey, source),
            ReptileEpsilon: ParseFloat(meta, ReptileEpsilonKey, source),
            Optimizer: Required(meta, InnerOptimizerKey, source));

        var weight = RequiredTensor(file, AdapterParameters.HeadWeightName, rank: 2, source);
        int vocab = weight.Shape[0], features = weight.Shape[1];
        var bias = RequiredTensor(file, AdapterParameters.HeadBiasName, rank: 1, source);
        ExpectShape(bias, [vocab], source);

        var down = file.Find(AdapterParameters.LoraDownName);
        var up = file.Find(AdapterParameters.LoraUpName);
        if ((down is null) != (up is null))
        {
            throw new InvalidDataException($"{source}: has only one of {AdapterParameters.LoraDownName} and {AdapterParameters.LoraUpName}");
        }

        var rank = down is null ? 0 : down.Shape.Length == 2 ? down.Shape[0] : -1;
        if (down is not null)
        {
            ExpectShape(down, [rank, features], source);
            ExpectShape(up!, [features, rank], source);
        }

        var unknown = file.Tensors.FirstOrDefault(t => t.Name is not (AdapterParameters.HeadWeightName or AdapterParameters.HeadBiasName
            or AdapterParameters.LoraDownName or AdapterParameters.LoraUpName));
        if (unknown is not null)
        {
            throw new InvalidDataException($"{source}: unexpected tensor '{unknown.Name}' in an adapter file");
        }

        if (vocab == 0 || features == 0)
        {
            throw new InvalidDataException($"{source}: tensor '{AdapterParameters.HeadWeightName}' has an empty shape {weight.ShapeText}");
        }

        var adapter = new AdapterParameters(vocab, features, rank);
        weight.Data.CopyTo(adapter.HeadWeight, 0);
        bias.Data.CopyTo(adapter.HeadBias, 0);
        down?.Data.CopyTo(adapter.LoraDown, 0);
        up?.Data.CopyTo(adapter.LoraUp, 0);
        if (adapter.FirstNonFinite() is { } bad)
        {
            throw new InvalidDataException(
                $"{source}: tensor '{bad.Tensor}' holds {bad.Value.ToString(CultureInfo.InvariantCulture)} at index {bad.Index}; adapter weights must be finite numbers");
        }

        return new AdapterFileContents(adapter, settings, Required(meta, ModelIdKey, source), Required(meta, VocabularyKey, source));
    }

    private static SafeTensor RequiredTensor(SafeTensorsFile file, string name, int rank, string source)
    {
        var tensor = file.Find(name) ?? throw new InvalidDataException($"{source}: tensor '{name}' is missing");
        if (tensor.Shape.Length != rank)
        {
            throw new InvalidDataException($"{source}: tensor '{name}' has shape {tensor.ShapeText}, expected {rank} dimensions");
        }

        return tensor;
    }

    private static void ExpectShape(SafeTensor tensor, int[] expected, string source)
    {
        if (!tensor.Shape.SequenceEqual(expected))
        {
            throw new InvalidDataException($"{source}: tensor '{tensor.Name}' has shape {tensor.ShapeText}, expected [{string.Join(", ", expected)}]");
        }
    }

    private static string Required(IReadOnlyDictionary<string, string> meta, string key, string source) =>
        meta.TryGetValue(key, out var value) && value.Length > 0
            ? value
            : throw new InvalidDataException($"{source}: metadata '{key}' is missing");

    private static int ParseInt(IReadOnlyDictionary<string, string> meta, string key, string source) =>
        int.TryParse(Required(meta, key, source), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidDataException($"{source}: metadata '{key}' = '{meta[key]}' is not a non-negative integer");

    private static float ParseFloat(IReadOnlyDictionary<string, string> meta, string key, string source) =>
        float.TryParse(Required(meta, key, source), NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && float.IsFinite(value)
            ? value
            : throw new InvalidDataException($"{source}: metadata '{key}' = '{meta[key]}' is not a finite number");
}
