using System.Security.Cryptography;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>
/// Writes a model folder: backbone.onnx, adapter.safetensors, MODEL_CARD.md and, last, manifest.json with
/// the SHA-256 of the others. Every file is written atomically; the manifest goes last so a folder with a
/// manifest is complete (an interrupted export leaves the previous manifest, whose hashes then fail loudly).
/// </summary>
public static class ModelFolderWriter
{
    /// <summary>Writes the folder and returns the manifest it wrote.</summary>
    /// <param name="dir">Target folder (created if missing; existing model files are replaced).</param>
    /// <param name="backboneOnnx">The exported backbone graph.</param>
    /// <param name="init">Meta-learned adapter init; its V must be <see cref="Vocabulary.Size"/>.</param>
    /// <param name="innerLoop">Inner-loop settings meta-training optimised for.</param>
    /// <param name="info">Names, sizes, ONNX facts, training and evaluation facts.</param>
    /// <param name="modelCardMarkdown">The human-readable model card.</param>
    /// <exception cref="ArgumentException">Empty backbone, a vocabulary size other than this runtime's, or bad sizes.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static ModelManifest Write(string dir, byte[] backboneOnnx, AdapterParameters init, InnerLoopSettings innerLoop, ManifestInfo info, string modelCardMarkdown)
    {
        ArgumentException.ThrowIfNullOrEmpty(dir);
        ArgumentNullException.ThrowIfNull(backboneOnnx);
        ArgumentNullException.ThrowIfNull(init);
        ArgumentNullException.ThrowIfNull(innerLoop);
        ArgumentNullException.ThrowIfNull(info);
        ArgumentNullException.ThrowIfNull(modelCardMarkdown);
        ArgumentException.ThrowIfNullOrWhiteSpace(info.Name);
        if (backboneOnnx.Length == 0)
        {
            throw new ArgumentException("The backbone graph is empty.", nameof(backboneOnnx));
        }

        if (init.VocabularySize != Vocabulary.Size)
        {
            throw new ArgumentException($"Adapter has V={init.VocabularySize} outputs but vocabulary {Vocabulary.Id} has {Vocabulary.Size} tokens.", nameof(init));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(info.EmbeddingSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(info.HiddenSize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(info.Layers);

        var modelId = $"{info.Name}-{ContentHash(backboneOnnx, init)}";
        var adapterBytes = AdapterFile.ToBytes(init, innerLoop, modelId);
        var cardBytes = new System.Text.UTF8Encoding(false).GetBytes(modelCardMarkdown);

        var files = new SortedDictionary<string, ManifestFileEntry>(StringComparer.Ordinal);
        void Put(string name, byte[] bytes)
        {
            AtomicFile.WriteAllBytes(Path.Combine(dir, name), bytes);
            files[name] = new ManifestFileEntry(Convert.ToHexStringLower(SHA256.HashData(bytes)), bytes.Length);
        }

        Put(ModelFolder.BackboneFileName, backboneOnnx);
        Put(ModelFolder.AdapterFileName, adapterBytes);
        Put(ModelFolder.ModelCardFileName, cardBytes);

        var manifest = new ModelManifest(
            ModelManifest.CurrentFormatVersion,
            modelId,
            info.Name,
            VocabularySpec.Current,
            new ModelDimensions(info.EmbeddingSize, info.HiddenSize, info.Layers, init.FeatureSize, init.Rank, init.VocabularySize),
            info.Onnx,
            innerLoop,
            info.Training,
            info.Evaluation ?? new Dictionary<string, string>(),
            files);
        AtomicFile.WriteAllText(Path.Combine(dir, ModelFolder.ManifestFileName), manifest.ToJson());
        return manifest;
    }

    // Short id of the weights (not of the adapter file, whose metadata holds the id itself).
    private static string ContentHash(byte[] backboneOnnx, AdapterParameters init)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(backboneOnnx);
        foreach (var (_, _, data) in init.Tensors())
        {
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data.AsSpan()));
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset())[..8];
    }
}
