using System.Diagnostics;
using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>
/// MIDI input from any byte-stream path: an ALSA raw MIDI device (/dev/snd/midiC1D0), a FIFO, a pty.
/// A reader thread polls the descriptor, timestamps each block as it arrives and parses it. When the
/// device vanishes (read error, or a FIFO's writer closing) the port reports it, then keeps trying to
/// reopen the path the resolver names, so a replugged USB device comes back without a restart.
/// </summary>
public sealed class ByteStreamMidiInput : IMidiInput
{
    private const int PollTimeoutMs = 50;
    private const int ReopenIntervalMs = 250;

    private readonly Func<string?> _resolvePath;
    private readonly MidiStreamParser _parser;
    private readonly byte[] _buffer = new byte[4096];
    private Thread? _thread;
    private volatile bool _stopping;
    private volatile bool _connected;
    private Action<MidiMessage>? _onMessage;

    /// <summary>Reads from a fixed path.</summary>
    /// <param name="path">Device node, FIFO or pty path.</param>
    /// <param name="sysExCapacity">Largest SysEx payload kept.</param>
    public ByteStreamMidiInput(string path, int sysExCapacity = MidiStreamParser.DefaultSysExCapacity)
        : this(path, () => path, sysExCapacity)
    {
    }

    /// <summary>Reads from whatever path <paramref name="resolvePath"/> names at each (re)connect; null means "not present now".</summary>
    public ByteStreamMidiInput(string name, Func<string?> resolvePath, int sysExCapacity = MidiStreamParser.DefaultSysExCapacity)
    {
        ArgumentNullException.ThrowIfNull(resolvePath);
        Name = name;
        _resolvePath = resolvePath;
        _parser = new MidiStreamParser(sysExCapacity);
    }

    public string Name { get; }

    public bool IsConnected => _connected;

    public MidiParserCounters Counters => _parser.Counters;

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    public void Start(Action<MidiMessage> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        if (_thread is not null || _stopping)
        {
            throw new InvalidOperationException($"MIDI input '{Name}' is already started or disposed.");
        }

        _onMessage = onMessage;
        _thread = new Thread(Run) { IsBackground = true, Name = $"midi-in {Name}", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
    }

    public void Dispose()
    {
        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(2));
    }

    private void Run()
    {
        // Input timestamps are only as good as the reader's wake-ups: ask for real-time scheduling (best effort).
        Realtime.RealtimePriority.TryElevateCurrentThread(Realtime.RealtimePriority.InputPriority);
        var fd = -1;
        while (!_stopping)
        {
            if (fd < 0)
            {
                var path = _resolvePath();
                fd = path is null ? -1 : LibC.Open(path, LibC.ORdOnly | LibC.ONonBlock | LibC.ONoCtty | LibC.OCloExec);
                if (fd < 0)
                {
                    // Not there (yet): a USB device unplugged, a FIFO not created. Try again shortly.
                    Thread.Sleep(ReopenIntervalMs);
                    continue;
                }

                _parser.Reset();
                SetConnected(true, $"opened {path}");
            }

            var result = ReadOnce(fd);
            if (result is not null)
            {
                LibC.Close(fd);
                fd = -1;
                SetConnected(false, result);
            }
        }

        if (fd >= 0)
        {
            LibC.Close(fd);
        }

        _connected = false;
    }

    // Returns null while the stream is healthy, or why it ended.
    private unsafe string? ReadOnce(int fd)
    {
        var pollFd = new LibC.PollFd { Fd = fd, Events = LibC.PollIn };
        var ready = LibC.Poll(&pollFd, 1, PollTimeoutMs);
        if (ready < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return errno == LibC.EIntr ? null : $"poll failed: {LibC.Describe(errno)}";
        }

        if (ready == 0)
        {
            return null;
        }

        if ((pollFd.Revents & (LibC.PollIn | LibC.PollHup | LibC.PollErr | LibC.PollNval)) == 0)
        {
            return null;
        }

        nint count;
        fixed (byte* p = _buffer)
        {
            count = LibC.Read(fd, p, _buffer.Length);
        }

        if (count > 0)
        {
            var now = Stopwatch.GetTimestamp();
            var onMessage = _onMessage!;
            for (var i = 0; i < count; i++)
            {
                if (_parser.Push(_buffer[i], now, out var message))
                {
                    onMessage(message);
                }
            }

            return null;
        }

        if (count == 0)
        {
            return "writer closed the stream";
        }

        var readErrno = Marshal.GetLastPInvokeError();
        return readErrno is LibC.EAgain or LibC.EIntr ? null : $"read failed: {LibC.Describe(readErrno)}";
    }

    private void SetConnected(bool connected, string reason)
    {
        _connected = connected;
        StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, connected, reason));
    }
}
