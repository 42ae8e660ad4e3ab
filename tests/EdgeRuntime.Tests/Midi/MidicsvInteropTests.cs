using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi;

namespace EdgeMeta.EdgeRuntime.Tests.Midi;

/// <summary>Checks written files against an independent reader: Debian's midicsv, when it is installed.</summary>
public sealed class MidicsvInteropTests
{
    [Fact]
    public void Midicsv_reads_a_written_file_with_the_same_tempo_and_notes()
    {
        var midicsv = FindOnPath("midicsv");
        if (midicsv is null)
        {
            Console.WriteLine("midicsv is not installed (apt-get install midicsv); skipping.");
            return;
        }

        var path = Path.Combine(Path.GetTempPath(), $"edgemeta-midicsv-{Guid.NewGuid():N}.mid");
        try
        {
            MidiFile.FromNotes([new Note(60, 100, 0.0, 0.5), new Note(64, 80, 0.25, 1.0, Channel: 1, Track: 1)]).Write(path);

            var csv = Run(midicsv, path);

            var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Assert.Contains("0, 0, Header, 1, 2, 480", lines);
            Assert.Contains("1, 0, Tempo, 500000", lines);
            Assert.Contains("1, 0, Note_on_c, 0, 60, 100", lines);
            Assert.Contains("1, 480, Note_off_c, 0, 60, 64", lines);
            Assert.Contains("2, 240, Note_on_c, 1, 64, 80", lines);
            Assert.Contains("2, 960, Note_off_c, 1, 64, 64", lines);
            Assert.Contains("2, 960, End_track", lines);
            Assert.Contains("0, 0, End_of_file", lines);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static string Run(string program, string argument)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"midicsv exited {process.ExitCode}: {error}");
        return output;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(folder => Path.Combine(folder, name))
            .FirstOrDefault(File.Exists);
}
