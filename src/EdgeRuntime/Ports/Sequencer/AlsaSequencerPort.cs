using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Ports.Sequencer;

/// <summary>
/// A duplex ALSA sequencer port through libasound.so.2: a named virtual port that DAWs and <c>aconnect</c>
/// see ("EdgeMeta:NAME"), and, when NAME names an existing client or "client:port", a subscription to it in
/// both directions. Messages pass through libasound's MIDI byte coder and the same live parser as raw MIDI.
/// </summary>
public sealed class AlsaSequencerPort : IMidiInput, IMidiOutput
{
    /// <summary>The sequencer device node; absent in containers and on systems without snd-seq.</summary>
    public const string SequencerDevice = "/dev/snd/seq";

    private readonly nint _seq;
    private readonly int _port;
    private readonly nint _encoder;
    private readonly nint _decoder;
    private readonly byte[] _event = new byte[LibAsound.EventSize];
    private readonly byte[] _bytes = new byte[3];
    private readonly byte[] _decoded = new byte[256];
    private readonly MidiStreamParser _parser = new();
    private readonly Lock _sendGate = new();
    private Thread? _thread;
    private volatile bool _stopping;

    private AlsaSequencerPort(string name, nint seq, int port, nint encoder, nint decoder)
    {
        Name = name;
        _seq = seq;
        _port = port;
        _encoder = encoder;
        _decoder = decoder;
    }

    public string Name { get; }

    public bool IsConnected => !_stopping;

    public MidiParserCounters Counters => _parser.Counters;

    public event EventHandler<MidiPortStatusEventArgs>? StatusChanged;

    /// <summary>
    /// Opens the sequencer, creates the virtual port <paramref name="name"/> and, if <paramref name="name"/>
    /// also names an existing client or port, subscribes to it.
    /// </summary>
    /// <exception cref="InvalidOperationException">libasound.so.2 or /dev/snd/seq is missing, or ALSA refuses (message says which; raw MIDI still works).</exception>
    public static AlsaSequencerPort Open(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        if (!File.Exists(SequencerDevice))
        {
            throw new InvalidOperationException(
                $"ALSA sequencer unavailable: {SequencerDevice} does not exist (load the snd-seq kernel module, or pass the device into the container). Raw MIDI ports (raw:hw:1,0, /dev/snd/midiC1D0) still work.");
        }

        try
        {
            return OpenWithLibrary(name);
        }
        catch (DllNotFoundException ex)
        {
            throw new InvalidOperationException(
                $"ALSA sequencer unavailable: {LibAsound.Library} could not be loaded ({ex.Message}); install it (apt-get install libasound2). Raw MIDI ports still work.", ex);
        }
    }

    /// <summary>Whether libasound.so.2 can be loaded here (for diagnostics).</summary>
    public static bool LibraryAvailable()
    {
        if (System.Runtime.InteropServices.NativeLibrary.TryLoad(LibAsound.Library, out var handle))
        {
            System.Runtime.InteropServices.NativeLibrary.Free(handle);
            return true;
        }

        return false;
    }

    public void Start(Action<MidiMessage> onMessage)
    {
        ArgumentNullException.ThrowIfNull(onMessage);
        if (_thread is not null)
        {
            throw new InvalidOperationException($"Sequencer port '{Name}' is already started.");
        }

        _thread = new Thread(() => Read(onMessage)) { IsBackground = true, Name = $"seq-in {Name}", Priority = ThreadPriority.AboveNormal };
        _thread.Start();
        StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, true, "sequencer port open"));
    }

    public unsafe bool Send(in MidiMessage message)
    {
        lock (_sendGate)
        {
            if (_stopping)
            {
                return false;
            }

            var length = message.CopyTo(_bytes);
            fixed (byte* ev = _event)
            {
                for (var i = 0; i < length; i++)
                {
                    if (LibAsound.EncodeByte(_encoder, _bytes[i], ev) == 1)
                    {
                        ev[LibAsound.QueueOffset] = LibAsound.QueueDirect;
                        ev[LibAsound.SourcePortOffset] = (byte)_port;
                        ev[LibAsound.DestClientOffset] = LibAsound.AddressSubscribers;
                        ev[LibAsound.DestPortOffset] = LibAsound.AddressUnknown;
                        if (LibAsound.EventOutputDirect(_seq, ev) < 0)
                        {
                            return false;
                        }
                    }
                }
            }

            return true;
        }
    }

    public void Dispose()
    {
        if (_stopping)
        {
            return;
        }

        _stopping = true;
        _thread?.Join(TimeSpan.FromSeconds(1));   // the reader polls with a timeout, so it sees the flag
        LibAsound.SeqClose(_seq);
        LibAsound.MidiEventFree(_encoder);
        LibAsound.MidiEventFree(_decoder);
    }

    private static AlsaSequencerPort OpenWithLibrary(string name)
    {
        // Non-blocking: the reader polls the sequencer's descriptor with a timeout and can be stopped cleanly.
        var error = LibAsound.SeqOpen(out var seq, "default", LibAsound.OpenDuplex, LibAsound.NonBlock);
        if (error < 0)
        {
            throw new InvalidOperationException($"ALSA sequencer unavailable: snd_seq_open failed ({LibAsound.Describe(error)}). Raw MIDI ports still work.");
        }

        LibAsound.SetClientName(seq, "EdgeMeta");
        var port = LibAsound.CreateSimplePort(seq, name,
            LibAsound.CapRead | LibAsound.CapWrite | LibAsound.CapSubsRead | LibAsound.CapSubsWrite,
            LibAsound.TypeMidiGeneric | LibAsound.TypeApplication);
        if (port < 0)
        {
            LibAsound.SeqClose(seq);
            throw new InvalidOperationException($"ALSA sequencer: cannot create port '{name}' ({LibAsound.Describe(port)}).");
        }

        // If the name also addresses an existing port (a hardware keyboard, "20:0"), subscribe both ways.
        if (LibAsound.ParseAddress(seq, out var target, name) >= 0)
        {
            LibAsound.ConnectFrom(seq, port, target.Client, target.Port);
            LibAsound.ConnectTo(seq, port, target.Client, target.Port);
        }

        LibAsound.MidiEventNew(256, out var encoder);
        LibAsound.MidiEventNew(256, out var decoder);
        LibAsound.MidiEventNoStatus(decoder, 1);
        return new AlsaSequencerPort($"seq:{name}", seq, port, encoder, decoder);
    }

    private unsafe void Read(Action<MidiMessage> onMessage)
    {
        // As the raw MIDI reader: timestamps are only as good as this thread's wake-ups (best effort).
        Realtime.RealtimePriority.TryElevateCurrentThread(Realtime.RealtimePriority.InputPriority);
        LibC.PollFd descriptor;
        if (LibAsound.PollDescriptors(_seq, &descriptor, 1, LibC.PollIn) != 1)
        {
            StatusChanged?.Invoke(this, new MidiPortStatusEventArgs(Name, false, "no sequencer poll descriptor"));
            return;
        }

        while (!_stopping)
        {
            descriptor.Revents = 0;
            if (LibC.Poll(&descriptor, 1, 50) <= 0)
            {
                continue;
            }

            var result = LibAsound.EventInput(_seq, out var ev);
            if (result < 0 || ev == 0)
            {
                continue;   // -EAGAIN after a spurious wake-up, or an overrun (events lost, port still fine)
            }

            nint count;
            fixed (byte* buffer = _decoded)
            {
                count = LibAsound.Decode(_decoder, buffer, _decoded.Length, ev);
            }

            var now = Stopwatch.GetTimestamp();
            for (var i = 0; i < count; i++)
            {
                if (_parser.Push(_decoded[i], now, out var message))
                {
                    onMessage(message);
                }
            }
        }
    }
}
