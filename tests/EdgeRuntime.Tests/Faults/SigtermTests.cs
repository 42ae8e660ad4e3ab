using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Tests.Files;
using EdgeMeta.EdgeRuntime.Tests.Ports;
using EdgeMeta.EdgeRuntime.Tests.Realtime;

namespace EdgeMeta.EdgeRuntime.Tests.Faults;

/// <summary>
/// SIGTERM at seeded random moments of a real <c>edgemeta play</c> session on the shipped model (issue 14, item 6 and
/// finding 1): while the performer plays, while the call is being learnt, mid-answer and at idle. Each time: exit 0,
/// every note-on on the output released, the profile either the one before or a complete new one, no temporary file.
/// </summary>
[Trait("Category", "FaultInjection")]
[Trait("Category", "Realtime")]
public sealed class SigtermTests
{
    public enum Moment
    {
        Capture,
        Adaptation,
        MidAnswer,
        Idle,
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [Fact]
    public void Sigterm_at_random_moments_exits_cleanly_releases_every_note_and_keeps_the_profile_whole()
    {
        var model = TestModel.Find();
        var loaded = ModelFolder.Load(model);
        using var profiles = new ScratchFolder();
        var store = new ProfileStore(profiles.Path);
        var runs = new (Moment Moment, int Seed)[] { (Moment.Adaptation, 1), (Moment.Capture, 2), (Moment.MidAnswer, 3), (Moment.Adaptation, 4), (Moment.Idle, 5) };
        foreach (var (moment, seed) in runs)
        {
            var before = File.Exists(store.AdapterPath("ana")) ? File.ReadAllBytes(store.AdapterPath("ana")) : null;
            var sessionsBefore = before is null ? 0 : store.ReadInfo("ana").Sessions;
            var (code, heard, stderr, killedAfter) = RunOnce(model, profiles.Path, moment, seed);
            var context = $"{moment} (seed {seed}, SIGTERM {killedAfter:0.00} s after the call began):\n{stderr}";
            Assert.True(code == 0, $"exit {code} at {context}");
            Assert.True(HangingNotes.In(heard).Count == 0, $"{HangingNotes.In(heard).Count} notes left sounding at {context}");
            Assert.Empty(Directory.GetFiles(profiles.Path, "*.tmp*"));
            if (File.Exists(store.AdapterPath("ana")) && !(before?.AsSpan().SequenceEqual(File.ReadAllBytes(store.AdapterPath("ana"))) ?? false))
            {
                // Not the old one: it must be a complete new one, one session on.
                var now = new ProfileStore(profiles.Path).Get("ana", loaded);
                Assert.True(now.Warning is null && !now.IsNew, $"profile after {context}: {now.Warning}");
                Assert.Equal(sessionsBefore + 1, store.ReadInfo("ana").Sessions);
            }
        }
    }

    private static (int Code, List<MidiMessage> Heard, string Stderr, double KilledAfter) RunOnce(string model, string profiles, Moment moment, int seed)
    {
        var random = new Random(seed);
        using var inFifo = new TempFifo("in");
        var outPath = TempFifo.Another(inFifo, "out");
        var heard = new ConcurrentQueue<MidiMessage>();
        using var listener = new ByteStreamMidiInput(outPath);
        listener.Start(heard.Enqueue);
        var cli = Path.Combine(AppContext.BaseDirectory, "edgemeta.dll");
        var start = new ProcessStartInfo("dotnet", ["exec", cli, "play", "--model", model, "--in", $"fifo:{inFifo.Path}", "--out", $"fifo:{outPath}", "--rest", "0.4", "--profile", "ana", "--seed", $"{seed}"])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        start.Environment[ProfileStore.RootVariable] = profiles;
        using var process = Process.Start(start)!;
        var stderr = new ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) => stderr.Enqueue(e.Data ?? "");
        process.BeginErrorReadLine();
        using var performer = new ByteStreamMidiOutput(inFifo.Path);
        Assert.True(performer.WaitForConnection(TimeSpan.FromSeconds(30)), "edgemeta play did not open its input: " + string.Join("\n", stderr));
        Thread.Sleep(300);

        // A dense call of about a second: four voices moving every 10 ms, so learning it takes a while.
        var began = Stopwatch.GetTimestamp();
        double Elapsed() => Stopwatch.GetElapsedTime(began).TotalSeconds;
        var killAt = moment == Moment.Capture ? 0.2 + (random.NextDouble() * 0.7) : double.MaxValue;
        var killed = false;
        for (var i = 0; i < 100 && !killed; i++)
        {
            var pitch = 48 + ((i * 7) % 36);
            performer.Send(MidiMessage.NoteOn(0, pitch, 60 + (i % 60)));
            Thread.Sleep(10);
            performer.Send(MidiMessage.NoteOff(0, pitch));
            if (Elapsed() >= killAt)
            {
                killed = true;
            }
        }

        var callEnded = Elapsed();
        if (!killed)
        {
            switch (moment)
            {
                case Moment.Adaptation:
                    // The turn ends at the 0.4 s rest; learning runs in the 0.15 s delay after it.
                    Wait(callEnded + 0.4 + (random.NextDouble() * 0.12));
                    break;
                case Moment.MidAnswer:
                    var until = Environment.TickCount64 + 5000;
                    while (!heard.Any(m => m.IsNoteOn) && Environment.TickCount64 < until)
                    {
                        Thread.Sleep(5);
                    }

                    Thread.Sleep(random.Next(0, 300));
                    break;
                default:
                    Wait(callEnded + 3 + random.NextDouble());
                    break;
            }
        }

        var killedAfter = Elapsed();
        Assert.Equal(0, Kill(process.Id, 15));
        Assert.True(process.WaitForExit(20_000), "play did not stop within 20 s of SIGTERM: " + string.Join("\n", stderr));
        process.WaitForExit();
        Thread.Sleep(200);   // the listener reads what was released last
        return (process.ExitCode, [.. heard], string.Join("\n", stderr), killedAfter);

        void Wait(double seconds)
        {
            while (Elapsed() < seconds)
            {
                Thread.Sleep(1);
            }
        }
    }
}
