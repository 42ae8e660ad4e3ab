using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EdgeMeta.EdgeRuntime.Adaptation.Onnx;

/// <summary>
/// The part of the protobuf wire format an ONNX model needs: varints, 32-bit floats, strings and nested
/// messages (each written into its own writer, then added with its length). EdgeRuntime builds its small
/// inner-loop graphs with this instead of depending on Google.Protobuf and generated classes.
/// </summary>
internal sealed class ProtobufWriter
{
    private const int Varint = 0;
    private const int Fixed32 = 5;
    private const int LengthDelimited = 2;
    private readonly ArrayBufferWriter<byte> _buffer = new();

    /// <summary>Field <paramref name="field"/> as a varint (int32, int64, enum).</summary>
    public ProtobufWriter Int(int field, long value)
    {
        Tag(field, Varint);
        WriteVarint(unchecked((ulong)value));
        return this;
    }

    /// <summary>Field <paramref name="field"/> as a 32-bit float.</summary>
    public ProtobufWriter Float(int field, float value)
    {
        Tag(field, Fixed32);
        BinaryPrimitives.WriteSingleLittleEndian(_buffer.GetSpan(4), value);
        _buffer.Advance(4);
        return this;
    }

    /// <summary>Field <paramref name="field"/> as a UTF-8 string.</summary>
    public ProtobufWriter String(int field, string value) => Bytes(field, Encoding.UTF8.GetBytes(value));

    /// <summary>Field <paramref name="field"/> as a nested message.</summary>
    public ProtobufWriter Message(int field, ProtobufWriter message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return Bytes(field, message.ToArray());
    }

    /// <summary>Field <paramref name="field"/> as packed 64-bit integers.</summary>
    public ProtobufWriter PackedInts(int field, IEnumerable<long> values)
    {
        var packed = new ProtobufWriter();
        foreach (long value in values)
        {
            packed.WriteVarint(unchecked((ulong)value));
        }

        return Bytes(field, packed.ToArray());
    }

    /// <summary>Field <paramref name="field"/> as packed 32-bit floats.</summary>
    public ProtobufWriter PackedFloats(int field, IReadOnlyList<float> values)
    {
        var bytes = new byte[values.Count * 4];
        for (int i = 0; i < values.Count; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        }

        return Bytes(field, bytes);
    }

    /// <summary>The encoded message.</summary>
    public byte[] ToArray() => _buffer.WrittenSpan.ToArray();

    private ProtobufWriter Bytes(int field, byte[] bytes)
    {
        Tag(field, LengthDelimited);
        WriteVarint((ulong)bytes.Length);
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
        return this;
    }

    private void Tag(int field, int wireType) => WriteVarint(((ulong)field << 3) | (uint)wireType);

    private void WriteVarint(ulong value)
    {
        while (value >= 0x80)
        {
            WriteByte((byte)(value | 0x80));
            value >>= 7;
        }

        WriteByte((byte)value);
    }

    private void WriteByte(byte value)
    {
        _buffer.GetSpan(1)[0] = value;
        _buffer.Advance(1);
    }
}
