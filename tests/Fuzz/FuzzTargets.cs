using System.Text;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Performances;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Fuzz;

/// <summary>
/// The readers of untrusted bytes on the device. Each target reads as the commands do, end to end where that
/// is cheap (an SMF read goes on to notes and phrases), and allows only the refusal the reader documents.
/// The box's config loader (src/Firmware, being written in another branch) gets a target here once it lands:
/// add <c>new FuzzTarget("config", bytes => BoxConfig.Parse(...), typeof(InvalidDataException))</c>.
/// </summary>
internal static class FuzzTargets
{
    private const string Source = "fuzz-input";

    public static IReadOnlyList<FuzzTarget> All { get; } =
    [
        new("smf", ReadMidiFile, typeof(MidiFormatException), typeof(InvalidDataException)),
        new("live", ParseLiveBytes),
        new("safetensors", bytes => AdapterFile.FromFile(SafeTensorsFile.Parse(bytes, Source), Source), typeof(InvalidDataException)),
        new("manifest", bytes => ModelFolder.CheckDimensions(ModelManifest.Parse(Encoding.UTF8.GetString(bytes), Source), Source), typeof(InvalidDataException)),
        new("profile", bytes => ProfileStore.ParseProfile(bytes, "ana", Source), typeof(InvalidDataException)),
    ];

    public static FuzzTarget Find(string name) =>
        All.FirstOrDefault(t => t.Name == name)
        ?? throw new ArgumentException($"unknown fuzz target '{name}'; targets: {string.Join(", ", All.Select(t => t.Name))}");

    // Strict and lenient, as training and the device read; then what respond does with the notes.
    private static void ReadMidiFile(byte[] bytes)
    {
        try
        {
            MidiFile.Read(new MemoryStream(bytes), Source, MidiReadSettings.Strict);
        }
        catch (MidiFormatException)
        {
        }

        var lenient = MidiFile.Read(new MemoryStream(bytes), Source, MidiReadSettings.Lenient);
        var notes = PerformanceFile.Validate(lenient.ToNotes(), Source);
        var segmenter = new PhraseSegmenter(new PerformanceTokenizer());
        if (segmenter.Segment(notes).Count == 0)
        {
            _ = PerformanceFile.WhyNoPhrases(notes, Source, new TokenizerOptions(), segmenter.Options);
        }
    }

    // The live parser never throws: every byte is emitted, kept or counted as dropped.
    private static void ParseLiveBytes(byte[] bytes)
    {
        var parser = new MidiStreamParser(sysExCapacity: 256);
        long emitted = 0;
        Span<byte> wire = stackalloc byte[3];
        for (var i = 0; i < bytes.Length; i++)
        {
            if (parser.Push(bytes[i], i, out var message))
            {
                emitted++;
                // What a parsed message is for: sending it on (the box echoes and records what it hears).
                if (!message.IsSysEx)
                {
                    _ = message.CopyTo(wire);
                }
                else if (parser.LastSysEx.Length > parser.SysExCapacity)
                {
                    throw new InvalidOperationException("SysEx payload longer than the parser's capacity");
                }
            }
        }

        if (emitted > bytes.Length)
        {
            throw new InvalidOperationException($"parser emitted {emitted} messages from {bytes.Length} bytes");
        }
    }
}
