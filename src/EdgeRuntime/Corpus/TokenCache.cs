using System.Security.Cryptography;
using System.Text;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Corpus;

/// <summary>
/// The corpus token cache: for every file, its size and modification time and what loading it gave (phrases
/// or a failure reason). An entry is reused only while the file's size and mtime match and the whole cache
/// was written with the same tokenizer and segmenter settings (the fingerprint).
/// <para>Layout (little-endian): "EMTK", format version (int32), fingerprint (string), entry count (int32),
/// entries {relative path (string), size (int64), mtime ticks (int64), kind (byte: 0 phrases, 1 failure),
/// phrases: count (int32), each {length (int32), tokens (uint16 each)}; failure: reason (string)}, then the
/// SHA-256 of everything before it. Strings are BinaryWriter's length-prefixed UTF-8. Anything that does not
/// check out (truncation, bit rot, another version) makes the whole cache count as absent.</para>
/// </summary>
internal static class TokenCache
{
    /// <summary>Bump when the layout or the meaning of tokens changes (tokenizer or MIDI reader fixes).</summary>
    public const int FormatVersion = 1;
    private const int HashBytes = 32;
    private static readonly byte[] Magic = "EMTK"u8.ToArray();

    internal sealed record Entry(long Size, long MtimeTicks, IReadOnlyList<Phrase>? Phrases, string? FailureReason);

    /// <summary>Cache path in the cache folder: corpus name plus a hash of its full path, so two corpora never share one.</summary>
    public static string PathFor(string cacheDirectory, string corpusRoot, string fingerprint)
    {
        var name = new string(Path.GetFileName(corpusRoot).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
        return Path.Combine(cacheDirectory, $"{name}-{ShortHash(corpusRoot)}-{ShortHash(fingerprint)}.cache");
    }

    /// <summary>Default cache folder: $XDG_CACHE_HOME/edgemeta or ~/.cache/edgemeta.</summary>
    public static string DefaultDirectory()
    {
        var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        var baseDirectory = string.IsNullOrEmpty(xdg)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache")
            : xdg;
        return Path.Combine(baseDirectory, "edgemeta");
    }

    /// <summary>Reads a cache; returns null (with the reason) when it is absent, corrupt or for other settings.</summary>
    public static Dictionary<string, Entry>? TryRead(string path, string fingerprint, out string? problem)
    {
        problem = null;
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < Magic.Length + HashBytes
                || !SHA256.HashData(bytes.AsSpan(0, bytes.Length - HashBytes)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - HashBytes)))
            {
                throw new InvalidDataException("checksum mismatch");
            }

            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - HashBytes), Encoding.UTF8);
            if (!reader.ReadBytes(Magic.Length).AsSpan().SequenceEqual(Magic) || reader.ReadInt32() != FormatVersion)
            {
                throw new InvalidDataException("not a token cache of this version");
            }

            if (reader.ReadString() != fingerprint)
            {
                return null; // written with other settings: simply rebuilt
            }

            var count = ReadCount(reader, bytes.Length);
            var entries = new Dictionary<string, Entry>(count, StringComparer.Ordinal);
            for (var i = 0; i < count; i++)
            {
                var name = reader.ReadString();
                var size = reader.ReadInt64();
                var mtime = reader.ReadInt64();
                entries[name] = reader.ReadByte() switch
                {
                    0 => new Entry(size, mtime, ReadPhrases(reader, bytes.Length), null),
                    1 => new Entry(size, mtime, null, reader.ReadString()),
                    var kind => throw new InvalidDataException($"unknown entry kind {kind}"),
                };
            }

            return entries;
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or UnauthorizedAccessException or ArgumentException or FormatException)
        {
            problem = $"{path}: ignored the token cache ({ex.Message}); rebuilding it";
            return null;
        }
    }

    /// <summary>Writes a cache atomically.</summary>
    /// <exception cref="IOException">The file cannot be written (message names it).</exception>
    public static void Write(string path, string fingerprint, IReadOnlyList<KeyValuePair<string, Entry>> entries)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(fingerprint);
            writer.Write(entries.Count);
            foreach (var (name, entry) in entries)
            {
                writer.Write(name);
                writer.Write(entry.Size);
                writer.Write(entry.MtimeTicks);
                if (entry.Phrases is { } phrases)
                {
                    writer.Write((byte)0);
                    writer.Write(phrases.Count);
                    foreach (var phrase in phrases)
                    {
                        writer.Write(phrase.Length);
                        foreach (var token in phrase.Tokens)
                        {
                            writer.Write((ushort)token);
                        }
                    }
                }
                else
                {
                    writer.Write((byte)1);
                    writer.Write(entry.FailureReason ?? "");
                }
            }
        }

        var hash = SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        buffer.Write(hash);
        AtomicFile.WriteAllBytes(path, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static List<Phrase> ReadPhrases(BinaryReader reader, int fileLength)
    {
        var count = ReadCount(reader, fileLength);
        var phrases = new List<Phrase>(count);
        for (var p = 0; p < count; p++)
        {
            var tokens = new int[ReadCount(reader, fileLength)];
            for (var t = 0; t < tokens.Length; t++)
            {
                tokens[t] = reader.ReadUInt16();
                if (tokens[t] >= Vocabulary.Size)
                {
                    throw new InvalidDataException($"token {tokens[t]} outside the vocabulary");
                }
            }

            phrases.Add(new Phrase(tokens));
        }

        return phrases;
    }

    // Counts are bounded by the file length, so a corrupt count cannot make us allocate gigabytes.
    private static int ReadCount(BinaryReader reader, int fileLength)
    {
        var count = reader.ReadInt32();
        return count >= 0 && count <= fileLength ? count : throw new InvalidDataException($"implausible count {count}");
    }

    private static string ShortHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..12];
}
