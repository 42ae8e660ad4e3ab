using System.Text;
using EdgeMeta.EdgeRuntime.Midi.Events;

namespace EdgeMeta.EdgeRuntime.Midi.Reading;

/// <summary>
/// Decodes the events of one MTrk chunk. Running status follows common practice rather than the letter
/// of the SMF specification: meta and SysEx events do not cancel it, because real files rely on that
/// and nothing valid is misread by it.
/// </summary>
internal sealed class TrackChunkReader
{
    /// <summary>SMF caps variable-length quantities at 4 bytes (0x0FFFFFFF).</summary>
    private const int MaxVlqBytes = 4;

    private readonly byte[] _data;
    private readonly string? _name;
    private readonly MidiReadSettings _settings;
    private readonly MidiReadReport _report;
    private readonly List<MidiEvent> _events = [];
    private int _position;
    private int _end;
    private long _tick;
    private bool _corrupt;

    public TrackChunkReader(byte[] data, string? name, MidiReadSettings settings, MidiReadReport report)
    {
        _data = data;
        _name = name;
        _settings = settings;
        _report = report;
    }

    /// <summary>Reads the chunk body at <paramref name="start"/> (absolute offset) of <paramref name="length"/> bytes.</summary>
    public MidiTrack Read(int start, int length)
    {
        _position = start;
        _end = start + length;
        long? endTick = null;
        try
        {
            endTick = ReadEvents();
        }
        catch (MidiFormatException ex) when (_corrupt && _settings.CorruptTrack == MidiErrorPolicy.Skip)
        {
            _report.CorruptTracks++;
            _report.BytesDropped += _end - ex.Offset;
            _report.Add(ex.Offset, ex.Problem);
            return new MidiTrack(_events);
        }

        if (endTick is null)
        {
            if (_settings.MissingEndOfTrack == MidiErrorPolicy.Abort)
            {
                throw new MidiFormatException(_name, _end, $"track chunk starting at offset {start - 8} ends without an End of Track event");
            }

            _report.MissingEndOfTrack++;
            _report.Add(_end, "track chunk ends without an End of Track event");
        }
        else if (_position < _end)
        {
            _report.BytesDropped += _end - _position;
        }

        return new MidiTrack(_events, endTick);
    }

    // The bounds hold over the whole file (the report is shared by its track readers) and never yield to a
    // Skip policy: they are what keeps a hostile file's memory bounded.
    private void CountEvent(bool isNote)
    {
        if (++_report.EventsRead > _settings.MaxEvents)
        {
            throw new MidiFormatException(_name, _position, $"more than {_settings.MaxEvents} events, the limit for one file (MidiReadSettings.MaxEvents)");
        }

        if (isNote && ++_report.NotesRead > _settings.MaxNotes)
        {
            throw new MidiFormatException(_name, _position, $"more than {_settings.MaxNotes} notes, the limit for one file (MidiReadSettings.MaxNotes)");
        }
    }

    /// <summary>Returns the End of Track tick, or null when the chunk ran out first.</summary>
    private long? ReadEvents()
    {
        var runningStatus = 0;
        while (_position < _end)
        {
            _tick += ReadVlq();
            if (_position >= _end)
            {
                throw Corrupt(_position, "track chunk ends after a delta time, before its event");
            }

            int status = _data[_position];
            if (status < 0x80)
            {
                if (runningStatus == 0)
                {
                    throw Corrupt(_position, $"data byte 0x{status:X2} with no running status");
                }

                status = runningStatus;
            }
            else
            {
                _position++;
            }

            switch (status)
            {
                case < 0xF0:
                    runningStatus = status;
                    var channelEvent = ReadChannelEvent(status);
                    CountEvent(channelEvent.IsNoteOn);
                    _events.Add(channelEvent);
                    break;
                case 0xFF:
                    CountEvent(isNote: false);
                    var endOfTrack = ReadMetaEvent();
                    if (endOfTrack)
                    {
                        return _tick;
                    }

                    break;
                case 0xF0 or 0xF7:
                    var length = ReadLength("SysEx");
                    CountEvent(isNote: false);
                    _events.Add(new SysExEvent(_tick, status == 0xF7, Take(length)));
                    break;
                default:
                    throw Corrupt(_position - 1, $"status byte 0x{status:X2} is not allowed in a MIDI file");
            }
        }

        return null;
    }

    private ChannelEvent ReadChannelEvent(int status)
    {
        var type = (ChannelMessageType)(status & 0xF0);
        var count = ChannelEvent.DataLength(type);
        var data1 = ReadDataByte(type);
        var data2 = count == 2 ? ReadDataByte(type) : 0;
        return new ChannelEvent(_tick, type, status & 0x0F, data1, data2);
    }

    private int ReadDataByte(ChannelMessageType type)
    {
        if (_position >= _end)
        {
            throw Corrupt(_position, $"{type} message runs past the end of the track chunk");
        }

        var value = _data[_position];
        if (value >= 0x80)
        {
            throw Corrupt(_position, $"data byte 0x{value:X2} of a {type} message is above 127");
        }

        _position++;
        return value;
    }

    /// <summary>Reads one meta event; true when it was End of Track.</summary>
    private bool ReadMetaEvent()
    {
        var typeOffset = _position;
        if (_position >= _end)
        {
            throw Corrupt(_position, "meta event runs past the end of the track chunk");
        }

        var type = _data[_position++];
        var length = ReadLength("meta event");
        var data = _data.AsSpan(_position, length);
        _position += length;
        switch (type)
        {
            case MetaEvent.EndOfTrackType:
                if (length != 0)
                {
                    InvalidMeta(typeOffset, $"End of Track has length {length}, expected 0");
                }

                return true;
            case MetaEvent.TempoType when length == 3 && (data[0] | data[1] | data[2]) != 0:
                _events.Add(new TempoEvent(_tick, (data[0] << 16) | (data[1] << 8) | data[2]));
                break;
            case MetaEvent.TimeSignatureType when length == 4 && data[1] <= 30:
                _events.Add(new TimeSignatureEvent(_tick, data[0], 1 << data[1], data[2], data[3]));
                break;
            case MetaEvent.KeySignatureType when length == 2 && (sbyte)data[0] is >= -7 and <= 7 && data[1] <= 1:
                _events.Add(new KeySignatureEvent(_tick, (sbyte)data[0], data[1] == 1));
                break;
            case MetaEvent.TrackNameType:
                _events.Add(new TrackNameEvent(_tick, Encoding.Latin1.GetString(data)));
                break;
            case MetaEvent.TempoType or MetaEvent.TimeSignatureType or MetaEvent.KeySignatureType:
                InvalidMeta(typeOffset, $"meta event 0x{type:X2} has invalid length {length} or value {Convert.ToHexString(data)}");
                _events.Add(new MetaEvent(_tick, type, data.ToArray()));
                break;
            default:
                _events.Add(new MetaEvent(_tick, type, data.ToArray()));
                break;
        }

        return false;
    }

    private void InvalidMeta(int offset, string problem)
    {
        if (_settings.InvalidMetaEvent == MidiErrorPolicy.Abort)
        {
            throw new MidiFormatException(_name, offset, problem);
        }

        _report.InvalidMetaEvents++;
        _report.Add(offset, problem);
    }

    /// <summary>Reads a length and checks it against the bytes left in the chunk, before anything is allocated.</summary>
    private int ReadLength(string what)
    {
        var lengthOffset = _position;
        var length = ReadVlq();
        if (length > _end - _position)
        {
            throw Corrupt(lengthOffset, $"{what} declares {length} bytes but only {_end - _position} remain in the track chunk");
        }

        return length;
    }

    private byte[] Take(int length)
    {
        var bytes = _data.AsSpan(_position, length).ToArray();
        _position += length;
        return bytes;
    }

    private int ReadVlq()
    {
        var start = _position;
        var value = 0;
        for (var i = 0; i < MaxVlqBytes; i++)
        {
            if (_position >= _end)
            {
                throw Corrupt(start, "variable-length quantity runs past the end of the track chunk");
            }

            var b = _data[_position++];
            value = (value << 7) | (b & 0x7F);
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Corrupt(start, "variable-length quantity longer than 4 bytes");
    }

    private MidiFormatException Corrupt(long offset, string problem)
    {
        _corrupt = true;
        return new MidiFormatException(_name, offset, problem);
    }
}
