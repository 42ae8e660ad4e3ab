namespace EdgeMeta.EdgeRuntime.Midi.Live;

/// <summary>
/// Turns a raw MIDI byte stream (a USB-MIDI raw device, a FIFO, a serial line) into messages, one byte
/// at a time, without allocating. It follows the MIDI 1.0 wire rules a live device meets:
/// <list type="bullet">
/// <item>running status for channel messages (system common messages cancel it);</item>
/// <item>real-time bytes (0xF8-0xFF) anywhere, even between data bytes or inside SysEx, are emitted at once
/// and leave the message they interrupted intact;</item>
/// <item>SysEx payloads are kept up to <see cref="SysExCapacity"/> bytes; the rest is dropped and counted, so an
/// endless SysEx costs bounded memory;</item>
/// <item>stray data bytes, messages cut short by a new status and undefined statuses are dropped and counted;</item>
/// <item>Note On with velocity 0 is reported as Note Off.</item>
/// </list>
/// One input byte completes at most one message, which keeps <see cref="Push"/> simple for callers.
/// Not thread-safe: one parser per input stream.
/// </summary>
public sealed class MidiStreamParser
{
    /// <summary>Default SysEx size cap: 64 KiB, more than any patch dump a performer's box needs.</summary>
    public const int DefaultSysExCapacity = 64 * 1024;

    private readonly byte[] _sysEx;
    private byte _runningStatus;   // last channel status, 0 when none
    private byte _status;          // status of the message being assembled, 0 when idle
    private int _expected;         // data bytes the current message needs
    private int _count;            // data bytes received for it
    private int _pendingBytes;     // bytes of the partial message that would be dropped if it breaks
    private byte _data1;
    private bool _inSysEx;
    private int _sysExLength;      // payload bytes seen, including those beyond the cap
    private int _lastSysExLength;

    /// <summary>Creates a parser.</summary>
    /// <param name="sysExCapacity">Largest SysEx payload kept, in bytes (F0 and F7 excluded).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="sysExCapacity"/> is negative.</exception>
    public MidiStreamParser(int sysExCapacity = DefaultSysExCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(sysExCapacity);
        _sysEx = new byte[sysExCapacity];
    }

    /// <summary>Largest SysEx payload kept; longer ones are truncated and flagged.</summary>
    public int SysExCapacity => _sysEx.Length;

    /// <summary>What was emitted and dropped so far.</summary>
    public MidiParserCounters Counters { get; } = new();

    /// <summary>Payload (without F0/F7) of the SysEx message most recently emitted; valid until the next SysEx completes.</summary>
    public ReadOnlySpan<byte> LastSysEx => _sysEx.AsSpan(0, _lastSysExLength);

    /// <summary>
    /// Feeds one byte. Returns true when it completed a message, written to <paramref name="message"/>
    /// with <paramref name="timestamp"/>.
    /// </summary>
    public bool Push(byte value, long timestamp, out MidiMessage message)
    {
        if (value >= 0xF8)
        {
            return RealTime(value, timestamp, out message);
        }

        message = default;
        if (value >= 0x80)
        {
            return Status(value, timestamp, out message);
        }

        if (_inSysEx)
        {
            if (_sysExLength < _sysEx.Length)
            {
                _sysEx[_sysExLength] = value;
            }
            else
            {
                Counters.SysExBytesDropped++;
                Counters.DroppedBytes++;
            }

            _sysExLength = _sysExLength == int.MaxValue ? int.MaxValue : _sysExLength + 1;
            return false;
        }

        if (_status == 0)
        {
            if (_runningStatus == 0)
            {
                Counters.StrayDataBytes++;
                Counters.DroppedBytes++;
                return false;
            }

            Begin(_runningStatus, explicitStatus: false);
        }

        _pendingBytes++;
        if (_count == 0)
        {
            _data1 = value;
            _count = 1;
            if (_expected > 1)
            {
                return false;
            }

            return Complete(_data1, 0, timestamp, out message);
        }

        return Complete(_data1, value, timestamp, out message);
    }

    /// <summary>Feeds a block of bytes that arrived together and appends the messages to <paramref name="output"/>.</summary>
    public void Parse(ReadOnlySpan<byte> bytes, long timestamp, ICollection<MidiMessage> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var value in bytes)
        {
            if (Push(value, timestamp, out var message))
            {
                output.Add(message);
            }
        }
    }

    /// <summary>Forgets any partial message and running status (for example after a device reconnects).</summary>
    public void Reset()
    {
        DropPartial();
        _runningStatus = 0;
    }

    private bool RealTime(byte value, long timestamp, out MidiMessage message)
    {
        if (value is 0xF9 or 0xFD)
        {
            // Undefined real-time statuses: dropped, and like all real-time bytes they leave the current message alone.
            Counters.DroppedBytes++;
            message = default;
            return false;
        }

        Counters.Messages++;
        message = new MidiMessage(value, 0, 0, timestamp);
        return true;
    }

    private bool Status(byte value, long timestamp, out MidiMessage message)
    {
        message = default;
        if (_inSysEx)
        {
            _inSysEx = false;
            if (value == 0xF7)
            {
                var truncated = _sysExLength > _sysEx.Length;
                _lastSysExLength = Math.Min(_sysExLength, _sysEx.Length);
                if (truncated)
                {
                    Counters.SysExTruncated++;
                }

                Counters.Messages++;
                message = new MidiMessage(MidiMessage.SysExStatus, 0, truncated ? (byte)1 : (byte)0, timestamp, _sysExLength);
                return true;
            }

            // A SysEx broken off by another status is incomplete: drop what was kept of it (F0 + payload).
            Counters.IncompleteMessages++;
            Counters.DroppedBytes += 1 + Math.Min(_sysExLength, _sysEx.Length);
        }
        else
        {
            DropPartial();
        }

        if (value == 0xF0)
        {
            _runningStatus = 0;
            _inSysEx = true;
            _sysExLength = 0;
            return false;
        }

        var dataLength = MidiMessage.DataLength(value);
        if (dataLength < 0)
        {
            // Undefined system common (F4, F5) or a stray End of SysEx: dropped; they still cancel running status.
            _runningStatus = 0;
            Counters.DroppedBytes++;
            return false;
        }

        if (value >= 0xF0)
        {
            _runningStatus = 0;
        }
        else
        {
            _runningStatus = value;
        }

        Begin(value, explicitStatus: true);
        if (dataLength == 0)
        {
            return Complete(0, 0, timestamp, out message);
        }

        return false;
    }

    private void Begin(byte status, bool explicitStatus)
    {
        _status = status;
        _expected = MidiMessage.DataLength(status);
        _count = 0;
        _pendingBytes = explicitStatus ? 1 : 0;
    }

    private bool Complete(byte data1, byte data2, long timestamp, out MidiMessage message)
    {
        var status = _status;
        if ((status & 0xF0) == MidiMessage.NoteOnStatus && data2 == 0)
        {
            status = (byte)(MidiMessage.NoteOffStatus | (status & 0x0F));
        }

        _status = 0;
        _count = 0;
        _pendingBytes = 0;
        Counters.Messages++;
        message = new MidiMessage(status, data1, data2, timestamp);
        return true;
    }

    private void DropPartial()
    {
        if (_status != 0 && _pendingBytes > 0)
        {
            Counters.IncompleteMessages++;
            Counters.DroppedBytes += _pendingBytes;
        }

        _status = 0;
        _count = 0;
        _pendingBytes = 0;
    }
}
