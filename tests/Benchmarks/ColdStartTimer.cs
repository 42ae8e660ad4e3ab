using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;

namespace EdgeMeta.Benchmarks;

/// <summary>
/// Start-up of a published <c>edgemeta play</c> as a device's boot sees it: from process start to READY=1 (the
/// sd_notify message systemd waits for: ports open, model loaded, inner loop prepared), and to the first answer note
/// after a first call, over FIFOs. The call is 16 notes in 2 s; the answer's first note comes after the 0.6 s rest that
/// ends the call, the 0.15 s delay, the first adaptation and any rest the model plays first (fixed seed, so the same
/// rest in every run), so compare that column between settings rather than read it as latency. Each run starts a new
/// process; the CPU column is the process's user + system time until its first answer note (JIT work shows there).
/// Run: dotnet run -c Release --project tests/Benchmarks -- cold-start --app DIR/edgemeta [--app DIR2/edgemeta ...]
///      [--model DIR] [--runs 5] [--label NAME] [--env NAME=VALUE ...]   (deploy/bench-cold-start.sh runs the comparison)
/// It prints one line per run and a table row: label, runs, median and first-run time to READY, median and first-run
/// time from the call's end to the first answer note, median CPU, median first adaptation (play's own timing of its
/// first Learn: hearing the call and adapting, JIT included).
/// </summary>
internal static partial class ColdStartTimer
{
    private const int Sigterm = 15;

    public static void Run(string[] args)
    {
        var apps = Options(args, "--app").ToList();
        if (apps.Count == 0)
        {
            throw new ArgumentException("cold-start needs --app PATH (the published edgemeta; repeat it for several copies, each run in turn).");
        }

        var modelOption = Option(args, "--model");
        var runs = int.Parse(Option(args, "--runs") ?? "5", CultureInfo.InvariantCulture);
        var label = Option(args, "--label") ?? apps[0];
        var environment = Options(args, "--env").Select(e => e.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
        var samples = new List<(double Ready, double Answer, double Cpu, double Adapt)>();
        foreach (var app in apps)
        {
            if (!File.Exists(app))
            {
                throw new FileNotFoundException($"{app}: no published edgemeta there.", app);
            }

            // The model folder the publish ships beside the program, unless one is given.
            var model = modelOption ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(app))!, "models", "default");
            for (var i = 0; i < runs; i++)
            {
                var sample = Once(app, model, environment);
                samples.Add(sample);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} run {samples.Count}: ready {sample.Ready:0} ms, first answer note {sample.Answer:0} ms after the call, CPU {sample.Cpu:0} ms, first adaptation {sample.Adapt:0.0} ms"));
            }
        }

        static double Median(IEnumerable<double> values)
        {
            var sorted = values.Order().ToArray();
            return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {label} | {samples.Count} | {Median(samples.Select(s => s.Ready)):0} ms | {samples[0].Ready:0} ms | {Median(samples.Select(s => s.Answer)):0} ms | {samples[0].Answer:0} ms | {Median(samples.Select(s => s.Cpu)):0} ms | {Median(samples.Select(s => s.Adapt)):0.0} ms |"));
    }

    private static (double Ready, double Answer, double Cpu, double Adapt) Once(string app, string model, Dictionary<string, string> environment)
    {
        var dir = Directory.CreateTempSubdirectory("edgemeta-cold-start-");
        try
        {
            string inPath = Path.Combine(dir.FullName, "in"), outPath = Path.Combine(dir.FullName, "out"), notifyPath = Path.Combine(dir.FullName, "notify");
            Fifo.Create(inPath);
            Fifo.Create(outPath);
            using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
            notify.Bind(new UnixDomainSocketEndPoint(notifyPath));
            notify.ReceiveTimeout = 60_000;

            long firstAnswer = 0;
            using var answered = new ManualResetEventSlim(false);
            using var heard = new ByteStreamMidiInput(outPath);
            heard.Start(m =>
            {
                if (m.IsNoteOn && Interlocked.CompareExchange(ref firstAnswer, Stopwatch.GetTimestamp(), 0) == 0)
                {
                    answered.Set();
                }
            });

            var start = new ProcessStartInfo(app, ["play", "--model", model, "--in", $"fifo:{inPath}", "--out", $"fifo:{outPath}", "--seed", "1"])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            start.Environment["NOTIFY_SOCKET"] = notifyPath;
            foreach (var (name, value) in environment)
            {
                start.Environment[name] = value;
            }

            var started = Stopwatch.GetTimestamp();
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"{app} did not start.");
            var log = new StringBuilder();
            process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            try
            {
                var buffer = new byte[256];
                double ready;
                while (true)
                {
                    int n;
                    try
                    {
                        n = notify.Receive(buffer);
                    }
                    catch (SocketException e)
                    {
                        throw new InvalidOperationException($"no READY=1 from {app} within 60 s ({e.Message}); its log:\n{log}", e);
                    }

                    if (Encoding.UTF8.GetString(buffer, 0, n).Split('\n').Contains("READY=1"))
                    {
                        ready = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                        break;
                    }
                }

                using (var performer = new ByteStreamMidiOutput(inPath))
                {
                    if (!performer.WaitForConnection(TimeSpan.FromSeconds(10)))
                    {
                        throw new InvalidOperationException($"{app} did not open {inPath}; its log:\n{log}");
                    }

                    for (var i = 0; i < 16; i++)
                    {
                        var pitch = 60 + ((i * 7) % 12);
                        performer.Send(MidiMessage.NoteOn(0, pitch, 70 + (i % 4 * 10)));
                        Thread.Sleep(100);
                        performer.Send(MidiMessage.NoteOff(0, pitch));
                        Thread.Sleep(25);
                    }

                    var callEnded = Stopwatch.GetTimestamp();
                    if (!answered.Wait(TimeSpan.FromSeconds(20)))
                    {
                        throw new InvalidOperationException($"no answer note from {app} within 20 s of the call; its log:\n{log}");
                    }

                    var answer = Stopwatch.GetElapsedTime(callEnded, Interlocked.Read(ref firstAnswer)).TotalMilliseconds;
                    var cpu = CpuMilliseconds(process.Id);
                    Stop(process);
                    return (ready, answer, cpu, FirstAdaptation(log.ToString(), app));
                }
            }
            finally
            {
                Stop(process);
            }
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            _ = Kill(process.Id, Sigterm);   // play releases its notes, prints its status line and exits
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
            }
        }

        process.WaitForExit();   // the log is complete
    }

    // The status line play prints when it stops ("... | adapt 75.3 ms | ..."): the session's one adaptation, JIT included.
    private static double FirstAdaptation(string log, string app)
    {
        var match = AdaptTime().Matches(log).LastOrDefault()
            ?? throw new InvalidOperationException($"{app} printed no adaptation time; its log:\n{log}");
        return double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\| adapt ([0-9.]+) ms")]
    private static partial System.Text.RegularExpressions.Regex AdaptTime();

    // utime + stime of the process so far, from /proc/PID/stat (fields 14 and 15, in clock ticks of 1/100 s on Linux).
    private static double CpuMilliseconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) * 10.0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }

    private static IEnumerable<string> Options(string[] args, string name)
    {
        for (var i = 0; i + 1 < args.Length; i++)
        {
            if (args[i] == name)
            {
                yield return args[i + 1];
            }
        }
    }
}
