using System.CommandLine;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Performances;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta inspect FILE.mid [--tokens] [--lenient]</c>: what is in a MIDI file (tracks, channels, notes,
/// duration, tempi, time and key signatures) and, with --tokens, the performance events the model sees.
/// A corrupt file exits 2 with "error: FILE: offset N: problem" (through CliErrors).
/// </summary>
internal sealed class InspectCommand : ICliCommand
{
    public Command Create()
    {
        var file = new Argument<string>("file") { Description = "Standard MIDI File (.mid) to inspect." };
        var tokens = new Option<bool>("--tokens") { Description = "Also print the performance-event tokens (10 ms time grid, 32 velocity bins)." };
        var lenient = new Option<bool>("--lenient") { Description = "Read damaged files leniently and report what was dropped, instead of failing." };
        var command = new Command("inspect", "Show the tracks, channels, notes, duration, tempo and time signatures of a MIDI file.");
        command.Arguments.Add(file);
        command.Options.Add(tokens);
        command.Options.Add(lenient);
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!;
            var settings = parseResult.GetValue(lenient) ? MidiReadSettings.Lenient : MidiReadSettings.Strict;
            var midi = MidiFile.Read(path, settings);
            PrintSummary(path, midi);
            if (parseResult.GetValue(tokens))
            {
                PrintTokens(path, midi);
            }

            return 0;
        });
        return command;
    }

    private static void PrintSummary(string path, MidiFile midi)
    {
        var stats = MidiFileStatistics.Of(midi);
        var map = midi.TempoMap;
        var output = Console.Out;
        output.WriteLine($"file: {path}");
        output.WriteLine($"format {stats.Format}, {stats.Division}, {stats.TrackCount} tracks, {stats.EventCount} events");
        output.WriteLine(Invariant($"duration: {stats.DurationSeconds:0.000} s"));
        output.WriteLine($"notes: {stats.NoteCount}");
        output.WriteLine($"channels (1-16): {(stats.ChannelsUsed.Count == 0 ? "none" : string.Join(", ", stats.ChannelsUsed.Select(c => c + 1)))}");
        output.WriteLine(stats.Tempos.Count == 0
            ? "tempo: none (SMPTE time)"
            : "tempo: " + string.Join("; ", stats.Tempos.Select(t => Invariant($"{t.Bpm:0.##} bpm at {t.Seconds:0.000} s"))));
        output.WriteLine("time signatures: " + Join(stats.TimeSignatures.Select(t => Invariant($"{t} at {map.ToSeconds(t.Tick):0.000} s"))));
        output.WriteLine("key signatures: " + Join(stats.KeySignatures.Select(k => Invariant($"{k.Accidentals:+0;-0;0} {(k.IsMinor ? "minor" : "major")} at {map.ToSeconds(k.Tick):0.000} s"))));
        for (var i = 0; i < stats.TrackCount; i++)
        {
            output.WriteLine($"track {i}: {stats.NotesPerTrack[i]} notes{(stats.TrackNames[i] is { } name ? $", \"{name}\"" : "")}");
        }

        var report = midi.ReadReport;
        if (!report.IsClean || report.UnknownChunksSkipped > 0 || report.TrailingBytesIgnored > 0)
        {
            output.WriteLine($"read report: {report.UnknownChunksSkipped} unknown chunks skipped, {report.TrailingBytesIgnored} trailing bytes ignored, "
                + $"{report.CorruptTracks} corrupt tracks, {report.TruncatedChunks} truncated chunks, {report.MissingEndOfTrack} missing End of Track, "
                + $"{report.InvalidMetaEvents} invalid meta events, {report.BytesDropped} bytes dropped");
            foreach (var problem in report.Problems)
            {
                output.WriteLine($"  {problem}");
            }
        }
    }

    private static void PrintTokens(string path, MidiFile midi)
    {
        // Clock from time 0 so leading silence shows as TIME_SHIFTs, as in the file.
        var tokens = new PerformanceTokenizer().Encode(PerformanceFile.Validate(midi.ToNotes(), path), originSeconds: 0);
        Console.Out.WriteLine($"tokens: {tokens.Length}");
        for (var i = 0; i < tokens.Length; i++)
        {
            Console.Out.WriteLine($"{i,7}  {tokens[i],3}  {Vocabulary.Describe(tokens[i])}");
        }
    }

    private static string Join(IEnumerable<string> items)
    {
        var text = string.Join("; ", items);
        return text.Length == 0 ? "none" : text;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
