using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using EdgeMeta.EdgeRuntime.Files;

namespace EdgeMeta.EdgeRuntime.Tests.Files;

public class SafeTensorsFileTests
{
    private static SafeTensorsFile Sample() => new(
        [
            new SafeTensor("head.weight", [2, 3], [1f, 2f, 3f, 4f, 5f, -6.5f]),
            new SafeTensor("head.bias", [2], [0.25f, float.Epsilon]),
        ],
        new Dictionary<string, string> { ["inner_steps"] = "5", ["vocabulary"] = "performance-v1" });

    // Builds a file image from a hand-written header, so tests can describe broken files exactly.
    private static byte[] Image(string header, byte[] data)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + data.Length];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        data.CopyTo(bytes, 8 + json.Length);
        return bytes;
    }

    [Fact]
    public void Round_trip_keeps_tensors_shapes_values_and_metadata()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("a.safetensors");
        Sample().Write(path);

        var read = SafeTensorsFile.Read(path);

        Assert.Equal(["head.weight", "head.bias"], read.Tensors.Select(t => t.Name));
        Assert.Equal([2, 3], read.Find("head.weight")!.Shape);
        Assert.Equal([1f, 2f, 3f, 4f, 5f, -6.5f], read.Find("head.weight")!.Data);
        Assert.Equal([0.25f, float.Epsilon], read.Find("head.bias")!.Data);
        Assert.Equal("5", read.Metadata["inner_steps"]);
        Assert.Equal("performance-v1", read.Metadata["vocabulary"]);
    }

    [Fact]
    public void Header_layout_is_what_python_safetensors_reads()
    {
        var bytes = Sample().ToBytes();

        // 8-byte little-endian header length, then a JSON object padded with spaces to 8-byte alignment.
        var headerLength = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        Assert.Equal(0, (8 + headerLength) % 8);
        var header = Encoding.UTF8.GetString(bytes, 8, headerLength);
        Assert.StartsWith("{", header, StringComparison.Ordinal);
        var json = header.TrimEnd(' ');
        Assert.EndsWith("}", json, StringComparison.Ordinal);
        Assert.InRange(header.Length - json.Length, 0, 7);

        using var document = JsonDocument.Parse(header);
        var weight = document.RootElement.GetProperty("head.weight");
        Assert.Equal("F32", weight.GetProperty("dtype").GetString());
        Assert.Equal([2, 3], weight.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()));
        Assert.Equal([0L, 24L], weight.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        var bias = document.RootElement.GetProperty("head.bias");
        Assert.Equal([24L, 32L], bias.GetProperty("data_offsets").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal("5", document.RootElement.GetProperty("__metadata__").GetProperty("inner_steps").GetString());

        // Raw little-endian float32 data right after the header, tensors back to back, nothing after.
        var data = bytes.AsSpan(8 + headerLength);
        Assert.Equal(32, data.Length);
        Assert.Equal(-6.5f, BinaryPrimitives.ReadSingleLittleEndian(data[20..]));
        Assert.Equal(0.25f, BinaryPrimitives.ReadSingleLittleEndian(data[24..]));
    }

    [Fact]
    public void Truncated_file_names_the_file_and_the_tensor()
    {
        var bytes = Sample().ToBytes();
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(bytes.AsSpan(0, bytes.Length - 4), "x/adapter.safetensors"));
        Assert.Contains("x/adapter.safetensors", ex.Message, StringComparison.Ordinal);
        Assert.Contains("head.bias", ex.Message, StringComparison.Ordinal);
        Assert.Contains("truncated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_length_beyond_the_file_is_reported()
    {
        var bytes = Sample().ToBytes();
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)bytes.Length);
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(bytes, "f.safetensors"));
        Assert.Contains("f.safetensors: header length", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void File_shorter_than_the_length_prefix_is_reported()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(new byte[3], "f.safetensors"));
        Assert.Contains("too short", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Header_that_is_not_json_is_reported()
    {
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image("{\"a\": [1,", new byte[8]), "f.safetensors"));
        Assert.Contains("f.safetensors: header is not valid JSON", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overlapping_offsets_name_the_tensor()
    {
        const string header = """{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}}""";
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, new byte[12]), "f.safetensors"));
        Assert.Contains("'b'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("overlaps", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Offsets_out_of_range_name_the_tensor()
    {
        const string header = """{"w":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}""";
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, new byte[8]), "f.safetensors"));
        Assert.Contains("'w'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("run past the end", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Shape_that_disagrees_with_the_byte_count_names_the_tensor()
    {
        const string header = """{"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}""";
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, new byte[8]), "f.safetensors"));
        Assert.Contains("'w' shape [3] needs 12 bytes but data_offsets give 8", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Bytes_not_covered_by_any_tensor_are_reported()
    {
        const string header = """{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}""";
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, new byte[12]), "f.safetensors"));
        Assert.Contains("4 bytes after the last tensor", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Dtypes_other_than_f32_are_refused_by_name()
    {
        const string header = """{"w":{"dtype":"F16","shape":[4],"data_offsets":[0,8]}}""";
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, new byte[8]), "f.safetensors"));
        Assert.Contains("'w' has dtype F16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_file_is_file_not_found_with_its_path()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => SafeTensorsFile.Read("/nonexistent/none.safetensors"));
        Assert.Contains("/nonexistent/none.safetensors", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_shape_whose_byte_count_wraps_around_is_refused_naming_file_and_tensor()
    {
        // 2^30 * 2^30 * 4 elements * 4 bytes = 2^64, which wraps to 0 bytes in 64-bit arithmetic.
        const string header = """{"lora.extra":{"dtype":"F32","shape":[1073741824,1073741824,4],"data_offsets":[0,0]}}""";

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, []), "ana.safetensors"));

        Assert.StartsWith("ana.safetensors: tensor 'lora.extra'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_before_it_is_read()
    {
        using var folder = new ScratchFolder();
        var path = folder.File("big.safetensors");
        Sample().Write(path);

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(path, maxBytes: 16));

        Assert.Contains("16-byte limit", ex.Message, StringComparison.Ordinal);
        Assert.Contains(path, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_folder_is_not_read_as_a_file()
    {
        using var folder = new ScratchFolder();
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Read(folder.Path));
        Assert.Contains("is a folder", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_with_invalid_utf8_in_a_name_is_refused_as_bad_data()
    {
        // Found by scripts/fuzz.sh (safetensors): a mutated byte in a tensor name made the JSON reader throw
        // InvalidOperationException, which a profile load did not treat as corruption.
        var image = Image("""{"head.weight":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]);
        image[8 + 3] = 0xFF;

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(image, "ana.safetensors"));

        Assert.Equal("ana.safetensors: header is not valid UTF-8 text", ex.Message);
    }

    [Fact]
    public void A_lone_surrogate_escape_in_the_header_is_refused_as_bad_data()
    {
        // Found by scripts/fuzz.sh (profile): "\uDDDD" is valid JSON but no .NET string; reading it threw
        // InvalidOperationException, so the profile was not set aside.
        var image = Image("""{"__metadata__":{"profile":"\uDDDD"},"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", new byte[4]);

        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(image, "ana.safetensors"));

        Assert.StartsWith("ana.safetensors: header holds a string that is not valid text", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}""", "a tensor has an empty name")]
    [InlineData("""{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}""", "tensor 'w' appears twice in the header")]
    public void Empty_and_repeated_tensor_names_are_refused_as_bad_data(string header, string problem)
    {
        // Found by scripts/fuzz.sh (safetensors, final run): the constructor's ArgumentException escaped the reader.
        var ex = Assert.Throws<InvalidDataException>(() => SafeTensorsFile.Parse(Image(header, new byte[8]), "ana.safetensors"));

        Assert.Equal("ana.safetensors: " + problem, ex.Message);
    }
}
