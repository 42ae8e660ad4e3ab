using EdgeMeta.EdgeRuntime.Midi.Live;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace EdgeMeta.EdgeRuntime.Tests.Midi.Live;

/// <summary>
/// Property: any valid message stream, written with or without running status and with real-time bytes
/// sprinkled anywhere (even inside SysEx and between data bytes), parses back to the same messages,
/// each real-time message at the point where its byte was.
/// </summary>
public sealed class MidiStreamParserProperties
{
    private static readonly byte[] RealTimeBytes = [0xF8, 0xFA, 0xFB, 0xFC, 0xFE, 0xFF];

    // One message to send: kind picks the status family; payload holds SysEx data.
    public sealed record Spec(int Kind, int Channel, int Data1, int Data2, byte[] Payload);

    private static Gen<Spec> SpecGen() =>
        from kind in Gen.Choose(0, 10)
        from channel in Gen.Choose(0, 15)
        from d1 in Gen.Choose(0, 127)
        from d2 in Gen.Choose(0, 127)
        from payload in Gen.ArrayOf(Gen.Choose(0, 127).Select(i => (byte)i))
        select new Spec(kind, channel, d1, d2, payload);

    private static Gen<(Spec[] Specs, int[] Inserts, bool UseRunningStatus)> StreamGen() =>
        from specs in Gen.ArrayOf(SpecGen())
        from inserts in Gen.ArrayOf(Gen.Choose(-40, RealTimeBytes.Length - 1))
        from running in ArbMap.Default.GeneratorFor<bool>()
        select (specs, inserts, running);

    [Property(MaxTest = 300)]
    public Property Valid_streams_with_interleaved_real_time_bytes_parse_back_to_the_same_messages() =>
        Prop.ForAll(StreamGen().ToArbitrary(), input =>
        {
            var (specs, inserts, useRunningStatus) = input;
            var stream = new List<byte>();
            var expected = new List<MidiMessage>();
            var insertIndex = 0;
            byte running = 0;

            // Before each byte, maybe a real-time byte (negative draws mean "none here").
            void Emit(byte value)
            {
                if (inserts.Length > 0)
                {
                    var draw = inserts[insertIndex++ % inserts.Length];
                    if (draw >= 0)
                    {
                        stream.Add(RealTimeBytes[draw]);
                        expected.Add(MidiMessage.RealTime(RealTimeBytes[draw]));
                    }
                }

                stream.Add(value);
            }

            foreach (var spec in specs)
            {
                var (status, dataLength) = StatusOf(spec);
                if (status == 0xF0)
                {
                    running = 0;
                    Emit(0xF0);
                    foreach (var b in spec.Payload)
                    {
                        Emit(b);
                    }

                    Emit(0xF7);
                    expected.Add(new MidiMessage(0xF0, 0, 0, 0, spec.Payload.Length));
                    continue;
                }

                if (!(useRunningStatus && status == running))
                {
                    Emit(status);
                }

                running = status < 0xF0 ? status : (byte)0;
                var d2 = dataLength == 2 ? (byte)spec.Data2 : (byte)0;
                if (dataLength >= 1)
                {
                    Emit((byte)spec.Data1);
                }

                if (dataLength == 2)
                {
                    Emit(d2);
                }

                var reported = (status & 0xF0) == 0x90 && d2 == 0 ? (byte)(0x80 | (status & 0x0F)) : status;
                expected.Add(new MidiMessage(reported, dataLength >= 1 ? (byte)spec.Data1 : (byte)0, d2));
            }

            var parser = new MidiStreamParser();
            var actual = new List<MidiMessage>();
            parser.Parse(stream.ToArray(), 0, actual);
            return actual.SequenceEqual(expected) && parser.Counters.DroppedBytes == 0;
        });

    private static (byte Status, int DataLength) StatusOf(Spec spec) => spec.Kind switch
    {
        0 or 1 => ((byte)(0x90 | spec.Channel), 2),
        2 => ((byte)(0x80 | spec.Channel), 2),
        3 => ((byte)(0xA0 | spec.Channel), 2),
        4 => ((byte)(0xB0 | spec.Channel), 2),
        5 => ((byte)(0xC0 | spec.Channel), 1),
        6 => ((byte)(0xD0 | spec.Channel), 1),
        7 => ((byte)(0xE0 | spec.Channel), 2),
        8 => (0xF0, -1),
        9 => ((byte)(0xF1 + (spec.Data2 % 3)), spec.Data2 % 3 == 1 ? 2 : 1),
        _ => (0xF6, 0),
    };
}
