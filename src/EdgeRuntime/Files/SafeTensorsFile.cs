using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EdgeMeta.EdgeRuntime.Files;

/// <summary>
/// The safetensors format (Hugging Face), float32 only, as Python's <c>safetensors</c> reads and writes it:
/// <code>
///   u64 little-endian N | N bytes of UTF-8 JSON header, space-padded to a multiple of 8 | raw data
///   header: {"__metadata__": {"key": "value", ...}, "name": {"dtype": "F32", "shape": [..], "data_offsets": [begin, end]}, ...}
/// </code>
/// Offsets are relative to the start of the data; tensors lie back to back and cover the data exactly.
/// The reader is strict: anything else is an <see cref="InvalidDataException"/> naming the file and the tensor.
/// </summary>
public sealed class SafeTensorsFile
{
    /// <summary>Key of the string-to-string metadata entry in the header.</summary>
    public const string MetadataKey = "__metadata__";

    // Python's safetensors refuses headers above 100 MB; so do we, before allocating.
    private const long MaxHeaderBytes = 100_000_000;
    private const int Alignment = 8;

    private readonly List<SafeTensor> _tensors;

    /// <summary>Creates a file image from tensors (kept in the given order) and metadata.</summary>
    /// <exception cref="ArgumentException">Duplicate or empty names, or data length not matching a shape.</exception>
    public SafeTensorsFile(IEnumerable<SafeTensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        _tensors = [.. tensors];
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tensor in _tensors)
        {
            if (string.IsNullOrEmpty(tensor.Name) || tensor.Name == MetadataKey || !names.Add(tensor.Name))
            {
                throw new ArgumentException($"Tensor name '{tensor.Name}' is empty, reserved or duplicated.", nameof(tensors));
            }

            if (tensor.Shape.Any(d => d < 0) || tensor.ElementCount != tensor.Data.Length)
            {
                throw new ArgumentException($"Tensor '{tensor.Name}': shape {tensor.ShapeText} does not match {tensor.Data.Length} values.", nameof(tensors));
            }
        }

        Metadata = new Dictionary<string, string>(metadata ?? new Dictionary<string, string>(), StringComparer.Ordinal);
    }

    /// <summary>Tensors in file order.</summary>
    public IReadOnlyList<SafeTensor> Tensors => _tensors;

    /// <summary>The <c>__metadata__</c> entries (empty when the file has none).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; }

    /// <summary>The tensor called <paramref name="name"/>, or null.</summary>
    public SafeTensor? Find(string name) => _tensors.Find(t => t.Name == name);

    /// <summary>Reads and validates a safetensors file of at most <paramref name="maxBytes"/> bytes (default: any size .NET can hold).</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is larger than <paramref name="maxBytes"/>, not a regular file, truncated or malformed; the message names the file and tensor.</exception>
    public static SafeTensorsFile Read(string path, long maxBytes = int.MaxValue)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBytes);
        var kind = FileStatus.Of(path).Kind;
        if (kind == FileKind.Missing)
        {
            throw new FileNotFoundException($"{path}: file not found", path);
        }

        if (kind != FileKind.RegularFile)
        {
            throw new InvalidDataException($"{path}: is {FileStatus.Describe(kind)}, not a safetensors file");
        }

        var length = new FileInfo(path).Length;
        if (length > maxBytes)
        {
            throw new InvalidDataException($"{path}: {length} bytes, more than the {maxBytes}-byte limit for this file");
        }

        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses a safetensors image; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">The bytes are truncated or malformed.</exception>
    public static SafeTensorsFile Parse(ReadOnlySpan<byte> bytes, string source)
    {
        if (bytes.Length < 8)
        {
            throw new InvalidDataException($"{source}: {bytes.Length} bytes, too short for the 8-byte header length");
        }

        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > MaxHeaderBytes || headerLength > (ulong)(bytes.Length - 8))
        {
            throw new InvalidDataException($"{source}: header length {headerLength} runs past the end of the file ({bytes.Length} bytes)");
        }

        var header = bytes.Slice(8, (int)headerLength);
        var data = bytes[(8 + (int)headerLength)..];
        var entries = ParseHeader(header, source, out var metadata);

        // Tensors must tile the data exactly: sorted by begin, each starting where the last ended.
        entries.Sort((a, b) => a.Begin.CompareTo(b.Begin));
        long expectedBegin = 0;
        var tensors = new List<SafeTensor>(entries.Count);
        foreach (var entry in entries)
        {
            if (entry.Begin != expectedBegin)
            {
                var problem = entry.Begin < expectedBegin ? "overlaps the previous tensor" : "leaves a gap before it";
                throw new InvalidDataException($"{source}: tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] {problem}");
            }

            if (entry.End > data.Length)
            {
                throw new InvalidDataException($"{source}: tensor '{entry.Name}' data_offsets [{entry.Begin}, {entry.End}] run past the end of the data ({data.Length} bytes); the file is truncated");
            }

            // Checked: a shape like [2^30, 2^30, 4] wraps a 64-bit byte count to 0 and would pass for empty data.
            var bytesNeeded = ByteCount(entry.Shape);
            if (bytesNeeded != entry.End - entry.Begin)
            {
                var needs = bytesNeeded is { } n ? $"needs {n} bytes" : "describes more elements than any file can hold";
                throw new InvalidDataException($"{source}: tensor '{entry.Name}' shape [{string.Join(", ", entry.Shape)}] {needs} but data_offsets give {entry.End - entry.Begin}");
            }

            tensors.Add(new SafeTensor(entry.Name, entry.Shape, ReadFloats(data[(int)entry.Begin..(int)entry.End])));
            expectedBegin = entry.End;
        }

        if (expectedBegin != data.Length)
        {
            throw new InvalidDataException($"{source}: {data.Length - expectedBegin} bytes after the last tensor are not described by the header");
        }

        return new SafeTensorsFile(tensors, metadata);
    }

    /// <summary>The file image: header length, padded JSON header, tensor data in order.</summary>
    public byte[] ToBytes()
    {
        var json = new MemoryStream();
        using (var writer = new Utf8JsonWriter(json))
        {
            writer.WriteStartObject();
            if (Metadata.Count > 0)
            {
                writer.WriteStartObject(MetadataKey);
                foreach (var (key, value) in Metadata.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            long offset = 0;
            foreach (var tensor in _tensors)
            {
                writer.WriteStartObject(tensor.Name);
                writer.WriteString("dtype", "F32");
                writer.WriteStartArray("shape");
                foreach (var d in tensor.Shape)
                {
                    writer.WriteNumberValue(d);
                }

                writer.WriteEndArray();
                writer.WriteStartArray("data_offsets");
                writer.WriteNumberValue(offset);
                offset += (long)tensor.Data.Length * sizeof(float);
                writer.WriteNumberValue(offset);
                writer.WriteEndArray();
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        // Pad with spaces so the data starts 8-byte aligned (8 + header is a multiple of 8), as Python does.
        var headerLength = (int)json.Length;
        var padded = (headerLength + Alignment - 1) / Alignment * Alignment;
        var dataLength = _tensors.Sum(t => (long)t.Data.Length * sizeof(float));
        var bytes = new byte[8 + padded + dataLength];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)padded);
        json.GetBuffer().AsSpan(0, headerLength).CopyTo(bytes.AsSpan(8));
        bytes.AsSpan(8 + headerLength, padded - headerLength).Fill((byte)' ');
        var position = 8 + padded;
        foreach (var tensor in _tensors)
        {
            WriteFloats(tensor.Data, bytes.AsSpan(position, tensor.Data.Length * sizeof(float)));
            position += tensor.Data.Length * sizeof(float);
        }

        return bytes;
    }

    /// <summary>Writes the file atomically (temp file, fsync, rename).</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Write(string path) => AtomicFile.WriteAllBytes(path, ToBytes());

    private static List<HeaderEntry> ParseHeader(ReadOnlySpan<byte> header, string source, out Dictionary<string, string> metadata)
    {
        metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<HeaderEntry>();
        // JsonDocument accepts invalid UTF-8 inside strings and only fails (InvalidOperationException) when a
        // name or value is read; found by fuzzing (scripts/fuzz.sh safetensors).
        if (!System.Text.Unicode.Utf8.IsValid(header))
        {
            throw new InvalidDataException($"{source}: header is not valid UTF-8 text");
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(header.ToArray());
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{source}: header is not valid JSON ({ex.Message})", ex);
        }

        using (document)
        {
            try
            {
                ReadHeaderEntries(document, source, entries, ref metadata);
            }
            catch (InvalidOperationException ex)
            {
                // A "\uDDDD" escape (a lone surrogate) is valid JSON but no .NET string; found by fuzzing (profile).
                throw new InvalidDataException($"{source}: header holds a string that is not valid text ({ex.Message})", ex);
            }
        }

        return entries;
    }

    private static void ReadHeaderEntries(JsonDocument document, string source, List<HeaderEntry> entries, ref Dictionary<string, string> metadata)
    {
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: header is not a JSON object");
        }

        // JSON allows an empty key and repeated keys; a tensor needs a unique, non-empty name (found by fuzzing).
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Name == MetadataKey)
            {
                metadata = ParseMetadata(property.Value, source);
            }
            else if (property.Name.Length == 0)
            {
                throw new InvalidDataException($"{source}: a tensor has an empty name");
            }
            else if (!names.Add(property.Name))
            {
                throw new InvalidDataException($"{source}: tensor '{property.Name}' appears twice in the header");
            }
            else
            {
                entries.Add(ParseEntry(property.Name, property.Value, source));
            }
        }
    }

    private static Dictionary<string, string> ParseMetadata(JsonElement element, string source)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"{source}: {MetadataKey} is not an object of strings");
        }

        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in element.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
            {
                throw new InvalidDataException($"{source}: {MetadataKey} entry '{item.Name}' is not a string");
            }

            metadata[item.Name] = item.Value.GetString()!;
        }

        return metadata;
    }

    private static HeaderEntry ParseEntry(string name, JsonElement element, string source)
    {
        string Fail(string problem) => $"{source}: tensor '{name}' {problem}";
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException(Fail("header entry is not an object"));
        }

        if (!element.TryGetProperty("dtype", out var dtype) || dtype.ValueKind != JsonValueKind.String)
        {
            throw new InvalidDataException(Fail("has no dtype"));
        }

        if (dtype.GetString() != "F32")
        {
            throw new InvalidDataException(Fail($"has dtype {dtype.GetString()}; only F32 is supported"));
        }

        if (!element.TryGetProperty("shape", out var shapeElement) || shapeElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException(Fail("has no shape"));
        }

        var shape = new int[shapeElement.GetArrayLength()];
        var i = 0;
        foreach (var d in shapeElement.EnumerateArray())
        {
            if (d.ValueKind != JsonValueKind.Number || !d.TryGetInt32(out shape[i]) || shape[i] < 0)
            {
                throw new InvalidDataException(Fail($"has a bad shape entry {d.GetRawText()}"));
            }

            i++;
        }

        if (!element.TryGetProperty("data_offsets", out var offsets) || offsets.ValueKind != JsonValueKind.Array || offsets.GetArrayLength() != 2
            || !offsets[0].TryGetInt64(out var begin) || !offsets[1].TryGetInt64(out var end) || begin < 0 || end < begin)
        {
            throw new InvalidDataException(Fail("has bad data_offsets (need [begin, end] with 0 <= begin <= end)"));
        }

        return new HeaderEntry(name, shape, begin, end);
    }

    private static long? ByteCount(int[] shape)
    {
        try
        {
            return checked(shape.Aggregate(1L, (n, d) => n * d) * sizeof(float));
        }
        catch (OverflowException)
        {
            return null;
        }
    }

    private static float[] ReadFloats(ReadOnlySpan<byte> bytes)
    {
        var values = new float[bytes.Length / sizeof(float)];
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
        }
        else
        {
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * sizeof(float))..]);
            }
        }

        return values;
    }

    private static void WriteFloats(ReadOnlySpan<float> values, Span<byte> bytes)
    {
        if (BitConverter.IsLittleEndian)
        {
            MemoryMarshal.AsBytes(values).CopyTo(bytes);
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes[(i * sizeof(float))..], values[i]);
        }
    }

    private sealed record HeaderEntry(string Name, int[] Shape, long Begin, long End);
}
