namespace EdgeMeta.EdgeRuntime.Models;

/// <summary>One file of a model folder as the manifest records it.</summary>
/// <param name="Sha256">Lower-case hex SHA-256 of the file's bytes.</param>
/// <param name="Bytes">File length in bytes.</param>
public sealed record ManifestFileEntry(string Sha256, long Bytes);
