using System.Buffers.Binary;
using System.Text;

namespace EdgeMeta.EdgeRuntime.Midi.Reading;

/// <summary>
/// Reads the chunk structure of a Standard MIDI File held in memory: MThd, then MTrk and unknown chunks.
/// Every length is checked against the bytes actually present, so a header claiming 4 GB allocates nothing.
/// </summary>
internal sealed class MidiFileReader
{
    private const int ChunkHeaderLength = 8;
    private const int MinHeaderLength = 6;

    private readonly byte[] _data;
    private readonly int _length;
    private readonly string? _name;
    private readonly MidiReadSettings _settings;
    private readonly MidiReadReport _report = new();

    private MidiFileReader(byte[] data, int length, string? name, MidiReadSettings settings)
    {
        _data = data;
        _length = length;
        _name = name;
        _settings = settings;
    }

    /// <summary>Parses <paramref name="length"/> bytes of <paramref name="data"/>.</summary>
    /// <exception cref="MidiFormatException">The file is malformed and the settings say abort.</exception>
    public static MidiFile Read(byte[] data, int length, string? name, MidiReadSettings settings) =>
        new MidiFileReader(data, length, name, settings).ReadFile();

    private MidiFile ReadFile()
    {
        if (_length < ChunkHeaderLength || !IdIs(0, "MThd"))
        {
            throw Fail(0, _length < 4 ? $"file is {_length} bytes, too short for an MThd header" : $"missing MThd header chunk (file starts with {Describe(0)})");
        }

        var headerLength = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(4));
        if (headerLength < MinHeaderLength)
        {
            throw Fail(4, $"MThd length {headerLength} is less than {MinHeaderLength}");
        }

        if (headerLength > (uint)(_length - ChunkHeaderLength))
        {
            throw Fail(4, $"MThd declares {headerLength} bytes but only {_length - ChunkHeaderLength} remain");
        }

        var format = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(8));
        var declaredTracks = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(10));
        var rawDivision = BinaryPrimitives.ReadUInt16BigEndian(_data.AsSpan(12));
        if (format > 2)
        {
            throw Fail(8, $"format {format} is not 0, 1 or 2");
        }

        var division = MidiDivision.FromRaw(rawDivision)
            ?? throw Fail(12, $"division 0x{rawDivision:X4} is invalid (0 ticks per quarter or an unknown SMPTE rate)");

        var tracks = ReadChunks(ChunkHeaderLength + (int)headerLength, declaredTracks);
        CheckTrackCount(format, declaredTracks, tracks.Count);
        return new MidiFile(format, division, tracks, _report);
    }

    private List<MidiTrack> ReadChunks(int position, int declaredTracks)
    {
        var tracks = new List<MidiTrack>();
        while (position < _length)
        {
            var remaining = _length - position - ChunkHeaderLength;
            if (remaining < 0)
            {
                if (tracks.Count < declaredTracks)
                {
                    Problem(_settings.TruncatedChunk, position, $"chunk header truncated: {_length - position} of 8 bytes present");
                    _report.TruncatedChunks++;
                }

                _report.TrailingBytesIgnored += _length - position;
                break;
            }

            var isTrack = IdIs(position, "MTrk");
            var declared = BinaryPrimitives.ReadUInt32BigEndian(_data.AsSpan(position + 4));
            var chunkLength = (int)Math.Min(declared, (uint)remaining);
            if (declared > (uint)remaining)
            {
                if (!isTrack && tracks.Count >= declaredTracks)
                {
                    // Junk after the last declared track (padding, a download's tail) is not a chunk.
                    _report.TrailingBytesIgnored += _length - position;
                    break;
                }

                Problem(_settings.TruncatedChunk, position, $"{(isTrack ? "MTrk" : "chunk")} declares {declared} bytes but only {remaining} remain");
                _report.TruncatedChunks++;
            }

            if (isTrack)
            {
                tracks.Add(new TrackChunkReader(_data, _name, _settings, _report).Read(position + ChunkHeaderLength, chunkLength));
            }
            else
            {
                _report.UnknownChunksSkipped++;
            }

            position += ChunkHeaderLength + chunkLength;
        }

        return tracks;
    }

    private void CheckTrackCount(int format, int declared, int found)
    {
        if (format == 0 && (declared != 1 || found != 1))
        {
            Problem(_settings.TrackCountMismatch, 10, $"format 0 needs exactly 1 track; header declares {declared}, file has {found}");
            _report.TrackCountMismatches = 1;
        }
        else if (declared != found)
        {
            Problem(_settings.TrackCountMismatch, 10, $"header declares {declared} tracks but the file has {found}");
            _report.TrackCountMismatches = 1;
        }
    }

    private void Problem(MidiErrorPolicy policy, long offset, string problem)
    {
        if (policy == MidiErrorPolicy.Abort)
        {
            throw Fail(offset, problem);
        }

        _report.Add(offset, problem);
    }

    private MidiFormatException Fail(long offset, string problem) => new(_name, offset, problem);

    private bool IdIs(int position, string id) =>
        _data[position] == id[0] && _data[position + 1] == id[1] && _data[position + 2] == id[2] && _data[position + 3] == id[3];

    private string Describe(int position)
    {
        var count = Math.Min(4, _length - position);
        var bytes = _data.AsSpan(position, count);
        var printable = bytes.ToArray().All(b => b is >= 0x20 and < 0x7F);
        return printable ? $"\"{Encoding.ASCII.GetString(bytes)}\"" : Convert.ToHexString(bytes);
    }
}
