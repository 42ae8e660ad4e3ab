using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Ports.Native;

namespace EdgeMeta.EdgeRuntime.Ports.Sequencer;

/// <summary>
/// The part of libasound's sequencer API a virtual MIDI port needs. Events are treated as opaque 28-byte
/// snd_seq_event_t blocks filled and read by libasound's own MIDI byte encoder/decoder, so only the
/// address fields are touched here (offsets from alsa/seq_event.h).
/// </summary>
internal static partial class LibAsound
{
    public const string Library = "libasound.so.2";
    public const int OpenDuplex = 3;
    public const int NonBlock = 1;
    public const uint CapRead = 1 << 0;
    public const uint CapWrite = 1 << 1;
    public const uint CapSubsRead = 1 << 5;
    public const uint CapSubsWrite = 1 << 6;
    public const uint TypeMidiGeneric = 1 << 1;
    public const uint TypeApplication = 1 << 20;
    public const int EventSize = 28;
    public const int QueueOffset = 3;
    public const int SourcePortOffset = 13;
    public const int DestClientOffset = 14;
    public const int DestPortOffset = 15;
    public const byte QueueDirect = 253;
    public const byte AddressSubscribers = 254;
    public const byte AddressUnknown = 253;

    [StructLayout(LayoutKind.Sequential)]
    public struct Address
    {
        public byte Client;
        public byte Port;
    }

    [LibraryImport(Library, EntryPoint = "snd_seq_open", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SeqOpen(out nint handle, string name, int streams, int mode);

    [LibraryImport(Library, EntryPoint = "snd_seq_close")]
    public static partial int SeqClose(nint handle);

    [LibraryImport(Library, EntryPoint = "snd_seq_set_client_name", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetClientName(nint handle, string name);

    [LibraryImport(Library, EntryPoint = "snd_seq_create_simple_port", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int CreateSimplePort(nint handle, string name, uint caps, uint type);

    [LibraryImport(Library, EntryPoint = "snd_seq_parse_address", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ParseAddress(nint handle, out Address address, string text);

    [LibraryImport(Library, EntryPoint = "snd_seq_connect_from")]
    public static partial int ConnectFrom(nint handle, int myPort, int sourceClient, int sourcePort);

    [LibraryImport(Library, EntryPoint = "snd_seq_connect_to")]
    public static partial int ConnectTo(nint handle, int myPort, int destClient, int destPort);

    [LibraryImport(Library, EntryPoint = "snd_seq_event_input")]
    public static partial int EventInput(nint handle, out nint eventPointer);

    [LibraryImport(Library, EntryPoint = "snd_seq_event_output_direct")]
    public static unsafe partial int EventOutputDirect(nint handle, byte* eventBlock);

    [LibraryImport(Library, EntryPoint = "snd_seq_poll_descriptors")]
    public static unsafe partial int PollDescriptors(nint handle, LibC.PollFd* descriptors, uint space, short events);

    [LibraryImport(Library, EntryPoint = "snd_midi_event_new")]
    public static partial int MidiEventNew(nuint bufferSize, out nint coder);

    [LibraryImport(Library, EntryPoint = "snd_midi_event_free")]
    public static partial void MidiEventFree(nint coder);

    [LibraryImport(Library, EntryPoint = "snd_midi_event_no_status")]
    public static partial void MidiEventNoStatus(nint coder, int on);

    [LibraryImport(Library, EntryPoint = "snd_midi_event_encode_byte")]
    public static unsafe partial int EncodeByte(nint coder, int value, byte* eventBlock);

    [LibraryImport(Library, EntryPoint = "snd_midi_event_decode")]
    public static unsafe partial nint Decode(nint coder, byte* buffer, nint count, nint eventPointer);

    [LibraryImport(Library, EntryPoint = "snd_strerror")]
    public static partial nint StrError(int error);

    public static string Describe(int error) => Marshal.PtrToStringUTF8(StrError(error)) ?? $"ALSA error {error}";
}
