using EdgeMeta.EdgeRuntime.Adaptation.Onnx;

namespace EdgeMeta.EdgeRuntime.Tests.Adaptation.Onnx;

public sealed class ProtobufWriterTests
{
    [Fact]
    public void Varint_field_is_the_tag_then_seven_bit_groups_low_first()
    {
        // Field 1, wire type 0 → tag 0x08; 300 = 0b10_0101100 → AC 02 (the protobuf documentation's example).
        Assert.Equal(new byte[] { 0x08, 0xAC, 0x02 }, new ProtobufWriter().Int(1, 300).ToArray());
    }

    [Fact]
    public void Nested_message_is_length_delimited()
    {
        var inner = new ProtobufWriter().String(1, "ab");

        byte[] bytes = new ProtobufWriter().Message(7, inner).ToArray();

        // Field 7, wire type 2 → 0x3A; length 4; inner: tag 0x0A, length 2, 'a', 'b'.
        Assert.Equal(new byte[] { 0x3A, 0x04, 0x0A, 0x02, (byte)'a', (byte)'b' }, bytes);
    }

    [Fact]
    public void Float_is_four_little_endian_bytes_and_negative_ints_take_ten_bytes()
    {
        Assert.Equal(new byte[] { 0x15, 0x00, 0x00, 0x80, 0x3F }, new ProtobufWriter().Float(2, 1f).ToArray());
        Assert.Equal(11, new ProtobufWriter().Int(1, -1).ToArray().Length);
    }
}
