using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.Tests.Shared;

namespace EdgeMeta.Firmware.Tests.Simulation;

/// <summary>
/// <c>edgemeta-box --simulate</c> as CI runs it: its own process, no terminal (stdin, stdout and stderr are pipes),
/// the shipped model, the example jig played in as the performer, answers read from a FIFO.
/// </summary>
[Trait("Category", "Realtime")]
public sealed class HeadlessSimulatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("edgemeta-box-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_scripted_session_learns_plays_answers_stops_and_releases_every_note()
    {
        var root = TestPaths.RepositoryRoot();
        var fifo = Path.Combine(_dir, "out.fifo");
        var png = Path.Combine(_dir, "frame.png");
        Fifo.Create(fifo);
        var heard = new ConcurrentQueue<MidiMessage>();
        using var listener = new ByteStreamMidiInput(fifo);
        listener.Start(heard.Enqueue);

        // The jig's phrases end about every 5 s from 6 s on and the file ends at about 31 s. Learn the first two, play
        // from 12 s: the jig plays on over the answers to phrases 3-5 (the box yields), the answer to the last phrase
        // plays undisturbed, and Stop at 34.5 s cuts it while notes sound.
        var (code, log) = Run(root,
            "--simulate", "--in", "file:examples/folk-jig.mid", "--out", "fifo:" + fifo, "--profiles-folder", Path.Combine(_dir, "profiles"),
            "--keys", "learn@0.5,play@12,png@33,stop@34.5", "--seconds", "36", "--seed", "7", "--frame-png", png);
        Thread.Sleep(300);   // the listener's last bytes

        Assert.True(code == 0, $"exit {code}\n{log}");
        Assert.Contains("state: Idle -> Learning", log, StringComparison.Ordinal);
        var learnedAt = log.IndexOf("adapted in", StringComparison.Ordinal);
        var playAt = log.IndexOf("state: Learning -> Listening", StringComparison.Ordinal);
        Assert.True(learnedAt > 0 && playAt > learnedAt, $"a phrase is learned before Play\n{log}");
        Assert.Contains("state: Adapting -> Playing", log, StringComparison.Ordinal);
        Assert.Contains("-> Idle", log, StringComparison.Ordinal);
        Assert.Contains("profile 'house' saved", log, StringComparison.Ordinal);

        var messages = heard.ToArray();
        Assert.Contains(messages, m => m.IsNoteOn);
        var sounding = new HashSet<(int, int)>();
        foreach (var m in messages)
        {
            if (m.IsNoteOn)
            {
                sounding.Add((m.Channel, m.Data1));
            }
            else if (m.IsNoteOff)
            {
                sounding.Remove((m.Channel, m.Data1));
            }
        }

        Assert.Empty(sounding);
        Assert.True(messages[^1] is { IsControlChange: true, Data1: MidiMessage.AllNotesOffController }, "the session ends with CC 123");
        Assert.True(File.Exists(Path.Combine(_dir, "profiles", "house.safetensors")));
        Assert.Equal([0x89, 0x50, 0x4E, 0x47], File.ReadAllBytes(png)[..4]);
    }

    [Fact]
    public void A_missing_model_is_a_fault_the_box_survives_and_exits_cleanly()
    {
        var (code, log) = Run(TestPaths.RepositoryRoot(),
            "--simulate", "--model", Path.Combine(_dir, "no-model"), "--in", "file:examples/folk-jig.mid", "--out", "fifo:" + Path.Combine(_dir, "none"),
            "--profiles-folder", Path.Combine(_dir, "profiles"), "--start", "play", "--seconds", "2");

        Assert.True(code == 0, $"exit {code}\n{log}");
        Assert.Contains("state: Listening -> Fault (MODEL MISSING)", log, StringComparison.Ordinal);
        Assert.Contains("model folder not found", log, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_key_script_is_refused_before_anything_starts()
    {
        var (code, log) = Run(TestPaths.RepositoryRoot(), "--simulate", "--keys", "dance@3", "--seconds", "1");
        Assert.Equal(2, code);
        Assert.Contains("--keys 'dance@3': unknown key 'dance'", log, StringComparison.Ordinal);
    }

    private static (int Code, string Log) Run(string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edgemeta-box.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, "timed out\n" + error.Result);
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}
