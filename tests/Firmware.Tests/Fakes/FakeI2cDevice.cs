using System.Device.I2c;

namespace EdgeMeta.Firmware.Tests.Fakes;

/// <summary>An I²C device that records every write (one entry per transfer), as a logic analyser on the bus would.</summary>
internal sealed class FakeI2cDevice(int bus = 1, int address = 0x3C) : I2cDevice
{
    public List<byte[]> Writes { get; } = [];

    public bool Disposed { get; private set; }

    public override I2cConnectionSettings ConnectionSettings { get; } = new(bus, address);

    public override byte ReadByte() => 0;

    public override void Read(Span<byte> buffer) => buffer.Clear();

    public override void WriteByte(byte value) => Writes.Add([value]);

    public override void Write(ReadOnlySpan<byte> buffer) => Writes.Add(buffer.ToArray());

    public override void WriteRead(ReadOnlySpan<byte> writeBuffer, Span<byte> readBuffer)
    {
        Write(writeBuffer);
        readBuffer.Clear();
    }

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
