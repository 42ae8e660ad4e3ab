using System.Buffers.Binary;
using System.Text;
using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi.Writing;

/// <summary>
/// Encodes a <see cref="MidiFile"/> as SMF bytes. Every event carries its own status byte (no running
/// status): a few bytes larger, and readable by tools that cancel running status at meta events.
/// Each track ends with exactly one End of Track at <see cref="MidiTrack.EndTick"/>.
/// </summary>
internal static class MidiFileWriter
{
    private const int MaxVlq = 0x0FFFFFFF;

    /// <exception cref="InvalidOperationException">An event holds a value SMF cannot store (names track and tick).</exception>
    public static byte[] ToBytes(MidiFile file)
    {
        var output = new MemoryStream();
        output.Write("MThd"u8);
        WriteUInt32(output, 6);
        WriteUInt16(output, file.Format);
        WriteUInt16(output, file.Tracks.Count);
        WriteUInt16(output, file.Division.ToRaw());
        var body = new MemoryStream();
        for (var i = 0; i < file.Tracks.Count; i++)
        {
            body.SetLength(0);
            WriteTrackBody(body, file.Tracks[i], i);
            output.Write("MTrk"u8);
            WriteUInt32(output, (uint)body.Length);
            body.Position = 0;
            body.CopyTo(output);
        }

        return output.ToArray();
    }

    private static void WriteTrackBody(MemoryStream body, MidiTrack track, int index)
    {
        long previous = 0;
        foreach (var e in track.Events)
        {
            WriteDelta(body, e.Tick - previous, index, e.Tick);
            previous = e.Tick;
            WriteEvent(body, e, index);
        }

        WriteDelta(body, track.EndTick - previous, index, track.EndTick);
        body.Write([0xFF, MetaEvent.EndOfTrackType, 0x00]);
    }

    private static void WriteEvent(MemoryStream body, MidiEvent e, int index)
    {
        switch (e)
        {
            case ChannelEvent c:
                Check(c.Channel is >= 0 and <= 15 && Enum.IsDefined(c.Type), index, e, $"channel {c.Channel} or type {c.Type} is invalid");
                Check(c.Data1 is >= 0 and <= 127 && c.Data2 is >= 0 and <= 127, index, e, $"data bytes {c.Data1}, {c.Data2} are outside 0-127");
                body.WriteByte((byte)((int)c.Type | c.Channel));
                body.WriteByte((byte)c.Data1);
                if (ChannelEvent.DataLength(c.Type) == 2)
                {
                    body.WriteByte((byte)c.Data2);
                }

                break;
            case SysExEvent s:
                body.WriteByte(s.IsEscape ? (byte)0xF7 : (byte)0xF0);
                WriteVlq(body, s.Data.Length);
                body.Write(s.Data);
                break;
            case TempoEvent t:
                Check(t.MicrosecondsPerQuarter is > 0 and <= 0xFFFFFF, index, e, $"tempo {t.MicrosecondsPerQuarter} us/quarter is outside 1-16777215");
                WriteMeta(body, MetaEvent.TempoType, [(byte)(t.MicrosecondsPerQuarter >> 16), (byte)(t.MicrosecondsPerQuarter >> 8), (byte)t.MicrosecondsPerQuarter]);
                break;
            case TimeSignatureEvent ts:
                Check(ts.Denominator > 0 && int.IsPow2(ts.Denominator) && ts.Numerator is >= 0 and <= 255, index, e, $"time signature {ts} cannot be stored");
                WriteMeta(body, MetaEvent.TimeSignatureType, [(byte)ts.Numerator, (byte)int.Log2(ts.Denominator), (byte)ts.ClocksPerClick, (byte)ts.ThirtySecondsPerQuarter]);
                break;
            case KeySignatureEvent k:
                Check(k.Accidentals is >= -7 and <= 7, index, e, $"key signature with {k.Accidentals} accidentals is outside -7..7");
                WriteMeta(body, MetaEvent.KeySignatureType, [(byte)(sbyte)k.Accidentals, k.IsMinor ? (byte)1 : (byte)0]);
                break;
            case TrackNameEvent n:
                WriteMeta(body, MetaEvent.TrackNameType, Encoding.Latin1.GetBytes(n.Name));
                break;
            case MetaEvent m:
                Check(m.MetaType is >= 0 and <= 0xFF, index, e, $"meta type {m.MetaType} is outside 0-255");
                WriteMeta(body, m.MetaType, m.Data);
                break;
            default:
                throw new InvalidOperationException($"track {index}: tick {e.Tick}: {e.GetType().Name} cannot be written to a MIDI file");
        }
    }

    private static void WriteMeta(MemoryStream body, int type, ReadOnlySpan<byte> data)
    {
        body.WriteByte(0xFF);
        body.WriteByte((byte)type);
        WriteVlq(body, data.Length);
        body.Write(data);
    }

    private static void WriteDelta(MemoryStream body, long delta, int index, long tick)
    {
        if (delta > MaxVlq)
        {
            throw new InvalidOperationException($"track {index}: tick {tick}: delta time {delta} exceeds the SMF maximum {MaxVlq}");
        }

        WriteVlq(body, (int)delta);
    }

    /// <summary>Big-endian base-128 with the continuation bit on every byte but the last.</summary>
    internal static void WriteVlq(Stream stream, int value)
    {
        Span<byte> buffer = stackalloc byte[4];
        var count = 0;
        do
        {
            buffer[count++] = (byte)(value & 0x7F);
            value >>= 7;
        }
        while (value != 0);

        for (var i = count - 1; i >= 0; i--)
        {
            stream.WriteByte((byte)(buffer[i] | (i > 0 ? 0x80 : 0)));
        }
    }

    private static void Check(bool ok, int index, MidiEvent e, string problem)
    {
        if (!ok)
        {
            throw new InvalidOperationException($"track {index}: tick {e.Tick}: {problem}");
        }
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        Span<byte> bytes = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, (ushort)value);
        stream.Write(bytes);
    }
}
