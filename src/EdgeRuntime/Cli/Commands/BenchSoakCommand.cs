using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using EdgeMeta.EdgeRuntime.Diagnostics;
using EdgeMeta.EdgeRuntime.Midi.Live;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Soak;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta bench-soak --minutes N --model M [--phrases FILE...] [--windows 10] [--csv PATH] [--dir DIR]</c>: a long
/// run of the real <c>edgemeta play</c> (its own process, session, engine and model) over FIFOs, played by a
/// <see cref="VirtualPerformer"/> and heard by a <see cref="SoakListener"/>. The child's resident set is read from
/// /proc every 2 s; play writes its own GC pauses, counters and latency samples (<c>--stats</c>). At the end play is
/// stopped with SIGTERM, the run is cut into windows and judged by <see cref="SoakCriteria"/>; the exit code is 1
/// when a criterion failed (each is named).
/// </summary>
internal sealed class BenchSoakCommand : ICliCommand
{
    private const double RssIntervalSeconds = 2;
    private const double AnswerTimeoutSeconds = 3;     // after rest + delay: a model may choose silence
    private const double QuietSeconds = 1.0;           // the output still this long: the answer is over
    private const double LongestAnswerSeconds = 25;    // the 20 s answer bound and some

    public Command Create()
    {
        var minutes = new Option<double>("--minutes") { Description = "Length of the run (the README's result: 60).", DefaultValueFactory = _ => 1.5 };
        var model = new Option<string>("--model") { Description = "Model folder play loads.", Required = true };
        var phrases = new Option<string[]>("--phrases") { Description = "Performer files the virtual performer takes its phrases from (default: examples/*.mid).", AllowMultipleArgumentsPerToken = true };
        var windows = new Option<int>("--windows") { Description = "Windows the run is cut into (the first is warm-up).", DefaultValueFactory = _ => 10 };
        var csv = new Option<string?>("--csv") { Description = "Write the per-window table to this CSV file." };
        var dir = new Option<string?>("--dir") { Description = "Keep the FIFOs, play's log and its stats lines in this folder (default: a temporary folder, removed)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the performer and of play's sampler.", DefaultValueFactory = _ => 1 };
        var advisory = new Option<bool>("--timing-advisory") { Description = "Report the time bounds (GC pauses, latency p99) without failing on them, for a shared machine such as CI; memory, dropped events, answers and the clean stop still fail the run." };
        var command = new Command("bench-soak", "Soak edgemeta play: a virtual performer plays into it for a long run; memory, GC pauses, dropped events and latency are judged.");
        foreach (var option in new Option[] { minutes, model, phrases, windows, csv, dir, seed, advisory })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var m = parseResult.GetValue(minutes);
            var w = parseResult.GetValue(windows);
            if (!(m > 0 && m <= 24 * 60) || w < SoakCriteria.MinWindows || w > 1000)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--minutes must be in (0, 1440] and --windows {SoakCriteria.MinWindows}-1000 (got {m}, {w})."));
            }

            var files = parseResult.GetValue(phrases) is { Length: > 0 } given ? given : DefaultPhrases();
            return Run(new SoakOptions(m, parseResult.GetValue(model)!, files, w, parseResult.GetValue(csv), parseResult.GetValue(dir), parseResult.GetValue(seed), parseResult.GetValue(advisory)));
        });
        return command;
    }

    private sealed record SoakOptions(double Minutes, string Model, string[] Phrases, int Windows, string? Csv, string? Dir, int Seed, bool TimingAdvisory);

    private static string[] DefaultPhrases()
    {
        var examples = Path.Combine(Directory.GetCurrentDirectory(), "examples");
        var files = Directory.Exists(examples) ? Directory.GetFiles(examples, "*.mid").Order(StringComparer.Ordinal).ToArray() : [];
        return files.Length > 0 ? files : throw new ArgumentException($"No --phrases given and no examples/*.mid in {Directory.GetCurrentDirectory()}.");
    }

    private static int Run(SoakOptions options)
    {
        var book = PhraseBook.FromFiles(options.Phrases);
        if (!Directory.Exists(options.Model))
        {
            throw new ArgumentException($"--model {options.Model}: no such folder.");
        }

        var keep = options.Dir is not null;
        var dir = options.Dir ?? Path.Combine(Path.GetTempPath(), $"edgemeta-soak-{Environment.ProcessId}");
        Directory.CreateDirectory(dir);
        var inPath = Path.Combine(dir, "in");
        var outPath = Path.Combine(dir, "out");
        var statsPath = Path.Combine(dir, "play-stats.jsonl");
        var logPath = Path.Combine(dir, "play.log");
        foreach (var path in new[] { inPath, outPath, statsPath })
        {
            File.Delete(path);
        }

        Fifo.Create(inPath);
        Fifo.Create(outPath);
        try
        {
            return Soak(options, book, inPath, outPath, statsPath, logPath);
        }
        finally
        {
            File.Delete(inPath);
            File.Delete(outPath);
            if (!keep)
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static int Soak(SoakOptions options, List<PerformerPhrase> book, string inPath, string outPath, string statsPath, string logPath)
    {
        var heard = new SoakListener();
        using var ear = new ByteStreamMidiInput(outPath);
        ear.Start(heard.Hear);
        using var log = new StreamWriter(logPath) { AutoFlush = true };
        using var play = StartPlay(options, inPath, outPath, statsPath, log);
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench-soak: {options.Minutes:0.##} min of edgemeta play (pid {play.Id}, model {options.Model}), {book.Count} phrases from {options.Phrases.Length} files, log {logPath}"));
        var rss = new List<RssSample>();
        using var stopSampling = new ManualResetEventSlim(false);
        var sampler = new Thread(() => SampleRss(play.Id, rss, stopSampling)) { IsBackground = true, Name = "soak rss" };
        sampler.Start();
        var calls = new List<CallSample>();
        int exitCode;
        using (var performer = new ByteStreamMidiOutput(inPath))
        {
            if (!performer.WaitForConnection(TimeSpan.FromSeconds(60)) || !WaitFor(() => File.Exists(statsPath) || play.HasExited, 60))
            {
                throw new IOException($"edgemeta play did not open {inPath} within 60 s; see {logPath}.");
            }

            if (play.HasExited)
            {
                throw new IOException($"edgemeta play exited with {play.ExitCode} before the soak began; see {logPath}.");
            }

            var deadline = Stopwatch.GetTimestamp() + (long)(options.Minutes * 60 * Stopwatch.Frequency);
            Perform(new VirtualPerformer(book, options.Seed), performer, heard, calls, deadline, play);
            WaitFor(() => heard.Sounding == 0, LongestAnswerSeconds);
            exitCode = Stop(play);
        }

        stopSampling.Set();
        sampler.Join();
        Thread.Sleep(200);   // the last releases reach the listener
        var windows = SoakAnalysis.Windows(PlayStatsWriter.Read(statsPath), rss, calls, options.Windows);
        var checks = new SoakCriteria().Judge(windows, exitCode, heard.Sounding);
        Print(windows, calls, checks, options.TimingAdvisory);
        if (options.Csv is { } csv)
        {
            File.WriteAllText(csv, Csv(windows));
        }

        var failed = checks.Where(c => !c.Passed && !(c.IsTiming && options.TimingAdvisory)).Select(c => c.Name).ToList();
        if (failed.Count > 0)
        {
            Console.Error.WriteLine($"bench-soak: FAILED: {string.Join("; ", failed)}");
            return 1;
        }

        Console.Error.WriteLine("bench-soak: passed");
        return 0;
    }

    private static Process StartPlay(SoakOptions options, string inPath, string outPath, string statsPath, StreamWriter log)
    {
        // The same program, run as play: through the apphost when there is one, otherwise `dotnet exec edgemeta.dll`.
        var host = Environment.ProcessPath ?? "dotnet";
        var viaDotnet = Path.GetFileNameWithoutExtension(host) == "dotnet";
        var start = new ProcessStartInfo(host)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        if (viaDotnet)
        {
            start.ArgumentList.Add("exec");
            start.ArgumentList.Add(typeof(BenchSoakCommand).Assembly.Location);
        }

        foreach (var arg in new[]
                 {
                     "play", "--model", options.Model, "--in", $"fifo:{inPath}", "--out", $"fifo:{outPath}", "--stats", statsPath,
                     "--seed", options.Seed.ToString(CultureInfo.InvariantCulture),
                     "--map", $"{VirtualPerformer.TemperatureController}=temperature", $"{VirtualPerformer.LengthController}=length",
                 })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new IOException($"Could not start {host} play.");
        void Log(string? line)
        {
            if (line is not null)
            {
                lock (log)
                {
                    log.WriteLine(line);
                }
            }
        }

        process.ErrorDataReceived += (_, e) => Log(e.Data);
        process.OutputDataReceived += (_, e) => Log(e.Data);
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        return process;
    }

    private static void Perform(VirtualPerformer player, ByteStreamMidiOutput port, SoakListener heard, List<CallSample> calls, long deadline, Process play)
    {
        bool Done() => Stopwatch.GetTimestamp() >= deadline || play.HasExited;
        var next = 0;
        while (!Done())
        {
            var call = player.Next();
            if (call.ControllerMove is var (cc, value))
            {
                port.Send(MidiMessage.ControlChange(0, cc, value));
                Thread.Sleep(50);
            }

            var began = Stopwatch.GetTimestamp();
            foreach (var m in call.Messages)
            {
                var wait = began + (long)(m.Seconds * Stopwatch.Frequency) - Stopwatch.GetTimestamp();
                if (wait > 0)
                {
                    Thread.Sleep(TimeSpan.FromSeconds(wait / (double)Stopwatch.Frequency));
                }

                port.Send(m.Message);
            }

            var released = Stopwatch.GetTimestamp();
            var releasedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            heard.Arm(released);
            // The box answers after the rest that ends the turn and its delay (play's defaults, 0.6 + 0.15 s).
            WaitFor(() => heard.FirstNoteAfterMark is not null || play.HasExited, 0.75 + AnswerTimeoutSeconds);
            var first = heard.FirstNoteAfterMark;
            if (first is { } at && call.InterruptAfterSeconds is { } cut)
            {
                Thread.Sleep(TimeSpan.FromSeconds(Math.Max(0, cut - Elapsed(at))));   // cut in while it plays
            }
            else if (first is not null)
            {
                WaitFor(() => heard.Sounding == 0 && Elapsed(heard.LastActivity) >= QuietSeconds, LongestAnswerSeconds);
            }

            lock (calls)
            {
                calls.Add(new CallSample(releasedAt, first is { } f ? (f - released) * 1000.0 / Stopwatch.Frequency : null, first is not null && call.InterruptAfterSeconds is not null));
            }

            if (++next % 50 == 0)
            {
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bench-soak: {next} calls, {calls.Count(c => c.FirstAnswerNoteMs is not null)} answered"));
            }

            if (call.InterruptAfterSeconds is null || first is null)
            {
                Thread.Sleep(TimeSpan.FromSeconds(call.PauseSeconds));
            }
        }
    }

    private static double Elapsed(long ticks) => (Stopwatch.GetTimestamp() - ticks) / (double)Stopwatch.Frequency;

    private static bool WaitFor(Func<bool> condition, double seconds)
    {
        var until = Stopwatch.GetTimestamp() + (long)(seconds * Stopwatch.Frequency);
        while (!condition())
        {
            if (Stopwatch.GetTimestamp() >= until)
            {
                return false;
            }

            Thread.Sleep(5);
        }

        return true;
    }

    private static int Stop(Process play)
    {
        if (!play.HasExited)
        {
            _ = Kill(play.Id, 15);
            if (!play.WaitForExit(30_000))
            {
                play.Kill();
                play.WaitForExit();
                return -9;
            }
        }

        play.WaitForExit();   // the redirected streams drained
        return play.ExitCode;
    }

    private static void SampleRss(int pid, List<RssSample> samples, ManualResetEventSlim stop)
    {
        var status = $"/proc/{pid}/status";
        do
        {
            try
            {
                foreach (var line in File.ReadLines(status))
                {
                    if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    {
                        var kb = long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture);
                        lock (samples)
                        {
                            samples.Add(new RssSample(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), kb * 1024));
                        }

                        break;
                    }
                }
            }
            catch (IOException)
            {
                // The process has gone (stopped at the end): no more samples.
            }
        }
        while (!stop.Wait(TimeSpan.FromSeconds(RssIntervalSeconds)));
    }

    private static void Print(List<SoakWindow> windows, List<CallSample> calls, List<SoakCheck> checks, bool timingAdvisory)
    {
        Console.WriteLine("window  minutes      RSS MB mean/max  heap MB  alloc MB  GC 0/1/2   pauses  max pause ms  calls  answers  answer p50/p99 ms  jitter p99 ms  late  dropped");
        foreach (var w in windows)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{w.Index + 1,6}  {w.FromSeconds / 60,5:0.0}-{w.ToSeconds / 60,-5:0.0}  {w.RssMeanMb,7:0.0}/{w.RssMaxMb,-7:0.0}  {w.ManagedHeapMb,7:0.0}  {w.AllocatedMb,8:0.0}  {$"{w.Gen0}/{w.Gen1}/{w.Gen2}",-9}  {w.GcPauses,6}  {w.GcMaxPauseMs,12:0.000}  {w.Calls,5}  {w.Answers,7}  {$"{w.AnswerLatencyP50Ms:0.000}/{w.AnswerLatencyP99Ms:0.000}",17}  {w.JitterP99Ms,13:0.000}  {w.Late,4}  {w.Dropped,7}"));
        }

        var answered = calls.Count(c => c.FirstAnswerNoteMs is not null);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"calls {calls.Count}, answered {answered}, cut short by the performer {calls.Count(c => c.Interrupted)}; events sent {windows.Sum(w => w.Sent)}, late (> 2 ms) {windows.Sum(w => w.Late)}, cancelled by interruptions {windows.Sum(w => w.Cancelled)}"));
        foreach (var c in checks)
        {
            Console.WriteLine($"{(c.Passed ? "PASS" : c.IsTiming && timingAdvisory ? "WARN" : "FAIL")}  {c.Name}: {c.Detail}");
        }
    }

    private static string Csv(List<SoakWindow> windows)
    {
        var text = new StringBuilder("window,from_s,to_s,rss_mean_mb,rss_max_mb,heap_mb,allocated_mb,gen0,gen1,gen2,gc_pauses,gc_max_pause_ms,calls,calls_answered,heard_p50_ms,answers,answer_latency_n,answer_latency_p50_ms,answer_latency_p99_ms,answer_latency_max_ms,jitter_n,jitter_p50_ms,jitter_p99_ms,jitter_max_ms,sent,late,dropped,cancelled\n");
        foreach (var w in windows)
        {
            text.Append(string.Create(CultureInfo.InvariantCulture,
                $"{w.Index + 1},{w.FromSeconds:0.0},{w.ToSeconds:0.0},{w.RssMeanMb:0.00},{w.RssMaxMb:0.00},{w.ManagedHeapMb:0.00},{w.AllocatedMb:0.00},{w.Gen0},{w.Gen1},{w.Gen2},{w.GcPauses},{w.GcMaxPauseMs:0.0000},{w.Calls},{w.CallsAnswered},{w.HeardP50Ms:0.0},{w.Answers},{w.AnswerLatencyCount},{w.AnswerLatencyP50Ms:0.0000},{w.AnswerLatencyP99Ms:0.0000},{w.AnswerLatencyMaxMs:0.0000},{w.JitterCount},{w.JitterP50Ms:0.0000},{w.JitterP99Ms:0.0000},{w.JitterMaxMs:0.0000},{w.Sent},{w.Late},{w.Dropped},{w.Cancelled}\n"));
        }

        return text.ToString();
    }

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
