using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>
/// MIDI output to any byte-stream path: an ALSA raw MIDI device, a FIFO, a pty. Writes are non-blocking
/// so a stalled reader can never stall the scheduler; a write that cannot go out within
/// <see cref="WriteTimeoutMs"/> is dropped and counted. When the device vanishes the port reports it and
/// tries to reopen (at most every 250 ms) on later sends.
/// A release is never lost with the device: a Note Off or an all-notes-off (CC 123, CC 120) that cannot go out
/// is kept (one flag per channel and key, so memory stays fixed) and sent first when the device or a reader
/// is back, before anything else, so a note that was sounding when the cable came out does not hang.
/// </summary>
public sealed class ByteStreamMidiOutput : IMidiOutput
{
    /// <summary>Longest a send waits for a full pipe or device buffer to drain.</summary>
    public const int WriteTimeoutMs = 5;
    private const long ReopenIntervalMs = 250;
    private const int AllSoundOffController = 120;

    private readonly Func<string?> _resolvePath;
    private readonly byte[] _buffer = new byte[3];
    private readonly Lock _gate = new();
    private readonly bool[] _owedNoteOff = new bool[16 * 128];   // [channel * 128 + key]
    private readonly bool[] _owedAllNotesOff = new bool[16];     // [channel]
    private int _owed;
    private int _fd = -1;
    private long _lastOpenAttempt = long.MinValue;
    private bool _disposed;

    /// <summary>Writes to a fixed path.</summary>
    public ByteStreamMidiOutput(string path)
        : this(path, () => path)
    {
    }

    /// <summary>Writes to whatever path <paramref name="resolvePath"/> names at each (re)connect.</summary>
    public ByteStreamMidiOutput(string name, Func<string?> resolvePath)
    {
        ArgumentNullException.ThrowIfNull(resolvePath);
        Name = name;
        _resolvePath = resolvePath;
        TryOpen();
    }

    public string Name { get; }

    public bool IsConnected => Volatile.Read(ref _fd) >= 0;

    /// <summary>Messages dropped because the device was absent or its buffer stayed full.</summary>
    public long DroppedMessages { get; private set; }

    /// <summary>Releases (note-offs, all-notes-offs) kept back while the device was absent; sent first on reconnect.</summary>
    public int PendingReleases
    {
        get
        {
            lock (_gate)
            {
                return _owed;
            }
        }
    }

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    /// <summary>
    /// Waits up to <paramref name="timeout"/> for the device (for a FIFO: a reader) to be there. Returns whether it is.
    /// </summary>
    public bool WaitForConnection(TimeSpan timeout)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (!IsConnected && Stopwatch.GetTimestamp() < deadline)
        {
            lock (_gate)
            {
                _lastOpenAttempt = long.MinValue;
                if (TryOpen())
                {
                    SendOwed();
                }
            }

            if (!IsConnected)
            {
                Thread.Sleep(10);
            }
        }

        return IsConnected;
    }

    public bool Send(in MidiMessage message)
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return false;
            }

            if ((_fd < 0 && !TryOpen()) || !SendOwed())
            {
                Owe(message);
                DroppedMessages++;
                return false;
            }

            var length = message.CopyTo(_buffer);
            if (!Write(length))
            {
                Owe(message);
                return false;
            }

            return true;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            if (_fd >= 0)
            {
                LibC.Close(_fd);
                _fd = -1;
            }
        }
    }

    // Caller holds _gate. Writes _buffer[..length]; false (counted as dropped) when it cannot go out in time.
    private unsafe bool Write(int length)
    {
        var written = 0;
        var deadline = 0L;
        fixed (byte* p = _buffer)
        {
            while (written < length)
            {
                var n = LibC.Write(_fd, p + written, length - written);
                if (n > 0)
                {
                    written += (int)n;
                    continue;
                }

                var errno = Marshal.GetLastPInvokeError();
                if (errno is LibC.EAgain or LibC.EIntr)
                {
                    deadline = deadline == 0 ? Stopwatch.GetTimestamp() + WriteTimeoutMs * Stopwatch.Frequency / 1000 : deadline;
                    if (Stopwatch.GetTimestamp() > deadline)
                    {
                        DroppedMessages++;
                        return false;
                    }

                    var pollFd = new LibC.PollFd { Fd = _fd, Events = LibC.PollOut };
                    LibC.Poll(&pollFd, 1, 1);
                    continue;
                }

                Lose($"write failed: {LibC.Describe(errno)}");
                DroppedMessages++;
                return false;
            }
        }

        return true;
    }

    // Caller holds _gate. Remembers a release that did not go out; other messages are simply lost.
    private void Owe(in MidiMessage message)
    {
        if (message.IsNoteOff)
        {
            ref var owed = ref _owedNoteOff[(message.Channel * 128) + (message.Data1 & 0x7F)];
            if (!owed && !_owedAllNotesOff[message.Channel])
            {
                owed = true;
                _owed++;
            }
        }
        else if (message.IsControlChange && message.Data1 is MidiMessage.AllNotesOffController or AllSoundOffController)
        {
            for (var key = 0; key < 128; key++)
            {
                ref var owed = ref _owedNoteOff[(message.Channel * 128) + key];
                if (owed)
                {
                    owed = false;
                    _owed--;
                }
            }

            if (!_owedAllNotesOff[message.Channel])
            {
                _owedAllNotesOff[message.Channel] = true;
                _owed++;
            }
        }
    }

    // Caller holds _gate and the port is open. Sends what is owed, in channel order; true when nothing is left.
    private bool SendOwed()
    {
        for (var channel = 0; channel < 16 && _owed > 0; channel++)
        {
            if (_owedAllNotesOff[channel])
            {
                if (!Write(MidiMessage.ControlChange(channel, MidiMessage.AllNotesOffController, 0).CopyTo(_buffer)))
                {
                    return false;
                }

                _owedAllNotesOff[channel] = false;
                _owed--;
            }

            for (var key = 0; key < 128 && _owed > 0; key++)
            {
                if (_owedNoteOff[(channel * 128) + key])
                {
                    if (!Write(MidiMessage.NoteOff(channel, key).CopyTo(_buffer)))
                    {
                        return false;
                    }

                    _owedNoteOff[(channel * 128) + key] = false;
                    _owed--;
                }
            }
        }

        return true;
    }

    // Caller holds _gate (or is the constructor).
    private bool TryOpen()
    {
        var now = Environment.TickCount64;
        if (_lastOpenAttempt != long.MinValue && now - _lastOpenAttempt < ReopenIntervalMs)
        {
            return false;
        }

        _lastOpenAttempt = now;
        var path = _resolvePath();
        if (path is null)
        {
            return false;
        }

        // O_NONBLOCK: opening a FIFO without a reader fails (ENXIO) instead of hanging, and writes never block.
        var fd = LibC.Open(path, LibC.OWrOnly | LibC.ONonBlock | LibC.ONoCtty | LibC.OCloExec);
        if (fd < 0)
        {
            return false;
        }

        Volatile.Write(ref _fd, fd);
        StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, true, $"opened {path}"));
        return true;
    }

    private void Lose(string reason)
    {
        LibC.Close(_fd);
        Volatile.Write(ref _fd, -1);
        StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, false, reason));
    }
}
