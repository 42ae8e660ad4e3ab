using System.CommandLine;
using System.Globalization;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta bench-latency [--phrases 1000] [--delay 0.03] [--model M] [--load hog]</c>: the MIDI-in → answer-out
/// latency over a FIFO loopback (<see cref="LoopbackLatencyBenchmark"/>). Without --model the engine answers with
/// <see cref="PatternResponder"/> (the I/O path alone); with --model, the real model, adapting to every call on its
/// adaptation thread. <c>--load hog</c> runs the same calls twice in one process, first on the machine as it is, then
/// beside a busy process pinned to the last CPU, and prints the two side by side.
/// </summary>
internal sealed class BenchLatencyCommand : ICliCommand
{
    public Command Create()
    {
        var phrases = new Option<int>("--phrases") { Description = "Calls to answer per pass (>= 1000 for the README numbers).", DefaultValueFactory = _ => 1000 };
        var delay = new Option<double>("--delay") { Description = "Configured musical delay before each answer, seconds.", DefaultValueFactory = _ => 0.03 };
        var model = new Option<string?>("--model") { Description = "Model folder; without it a fixed pattern answers (engine and I/O only)." };
        var load = new Option<string>("--load") { Description = "none: one pass; hog: a pass as the machine is, then one beside a CPU hog on the last core.", DefaultValueFactory = _ => "none" };
        var spin = new Option<double>("--spin-ms") { Description = "The output clock's spin window before each event, ms (0-1).", DefaultValueFactory = _ => MonotonicClock.DefaultSpinWindowMilliseconds };
        var realtime = new Option<bool>("--no-realtime") { Description = "Keep every thread at normal scheduling (to compare with SCHED_FIFO)." };
        var noBoost = new Option<bool>("--no-start-boost") { Description = "Generate answer starts at normal priority too (to compare with the SCHED_FIFO start)." };
        var nice = new Option<int>("--adaptation-nice") { Description = "Nice value of the adaptation thread (0-19).", DefaultValueFactory = _ => RealtimePriority.AdaptationNice };
        var csv = new Option<string?>("--csv") { Description = "Write per-call latencies (ms) of every pass to this CSV file." };
        var command = new Command("bench-latency", "Measure MIDI-in → answer-out latency and scheduling jitter over a FIFO loopback, optionally idle and beside a CPU hog.")
        {
            phrases, delay, model, load, spin, realtime, noBoost, nice, csv,
        };
        command.SetAction(parse => Run(new Request(
            parse.GetValue(phrases), parse.GetValue(delay), parse.GetValue(model), parse.GetValue(load)!, parse.GetValue(spin),
            !parse.GetValue(realtime), !parse.GetValue(noBoost), parse.GetValue(nice), parse.GetValue(csv))));
        return command;
    }

    private sealed record Request(int Phrases, double Delay, string? ModelDir, string Load, double SpinMs, bool Realtime, bool StartBoost, int AdaptationNice, string? CsvPath);

    private static int Run(Request r)
    {
        if (r.Phrases < 1 || !(r.Delay >= 0) || r.Load is not ("none" or "hog") || !(r.SpinMs is >= 0 and <= 1) || r.AdaptationNice is < 0 or > 19)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
                $"--phrases must be >= 1, --delay >= 0, --load none or hog, --spin-ms within 0-1 and --adaptation-nice within 0-19 (got {r.Phrases}, {r.Delay}, {r.Load}, {r.SpinMs}, {r.AdaptationNice})."));
        }

        if (r.CsvPath is not null)
        {
            OutputTarget.Check(r.CsvPath);
        }

        RealtimePriority.Enabled = r.Realtime;
        RealtimePriority.BoostAnswerStart = r.StartBoost;
        RealtimePriority.AdaptationNice = r.AdaptationNice;
        var clock = new MonotonicClock(r.SpinMs);
        var options = new LoopbackLatencyOptions { Calls = r.Phrases, DelaySeconds = r.Delay };
        using var model = r.ModelDir is null ? null : OpenModel(r.ModelDir);
        IResponder responder = model is null ? new PatternResponder(stepMilliseconds: 40) : model;
        var what = model is null ? "pattern responder" : $"model {r.ModelDir} (adapting to every call)";
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"bench-latency: {r.Phrases} calls per pass, delay {r.Delay * 1000:0} ms, {what}; {Environment.ProcessorCount} CPUs; spin window {r.SpinMs:0.###} ms; SCHED_FIFO {(r.Realtime ? "asked" : "off")}, answer starts {(r.Realtime && r.StartBoost ? "SCHED_FIFO" : "normal")}; adaptation nice {r.AdaptationNice}"));

        var passes = new List<(string Name, LoopbackLatencyReport Report, string Load)>();
        passes.Add(("idle", RunPass(responder, options, clock, "idle"), LoadAverage()));
        if (r.Load == "hog")
        {
            using var hog = CpuHog.Start();
            Console.Error.WriteLine($"bench-latency: CPU hog pid {hog.ProcessId} {(hog.Pinned ? $"pinned to CPU {hog.Cpu}" : "(not pinned)")}");
            passes.Add(("hog", RunPass(responder, options, clock, "hog"), LoadAverage()));
        }

        Console.WriteLine($"scheduling: {(RealtimePriority.Active ? "SCHED_FIFO granted" : "normal")}");
        Print(passes);
        if (r.CsvPath is not null)
        {
            var lines = new List<string> { "pass,call,latency_ms" };
            foreach (var (name, report, _) in passes)
            {
                lines.AddRange(report.InToOut.Select((v, k) => string.Create(CultureInfo.InvariantCulture, $"{name},{k},{v:0.####}")));
            }

            AtomicFile.WriteAllText(r.CsvPath, string.Join('\n', lines) + "\n");
        }

        return 0;
    }

    private static ModelResponder OpenModel(string dir)
    {
        var loaded = ModelFolder.Load(dir);
        return new ModelResponder(loaded, loaded.InitialAdapter, new SamplerSettings { Seed = 1 }, settings: new DuetSettings { FollowRegister = false });
    }

    private static LoopbackLatencyReport RunPass(IResponder responder, LoopbackLatencyOptions options, MonotonicClock clock, string name)
    {
        Console.Error.WriteLine($"bench-latency: pass '{name}' ({options.WarmupCalls} warm-up calls, then {options.Calls})");
        return LoopbackLatencyBenchmark.Run(responder, options, clock);
    }

    private static void Print(List<(string Name, LoopbackLatencyReport Report, string Load)> passes)
    {
        var header = "metric                                        " + string.Concat(passes.Select(p => $" | {p.Name,-6}     n   p50 ms   p99 ms   max ms"));
        Console.WriteLine(header);
        Row("MIDI-in -> first answer note-out - delay", passes, r => r.InToOut);
        Row("first answer note sent - intended (engine)", passes, r => r.FirstNoteLateness);
        Row("scheduled event jitter (sent - intended)", passes, r => r.Jitter);
        Row("generation step (answer stream)", passes, r => r.GenerationSteps);
        Row("adaptation (adaptation thread)", passes, r => r.Adaptations);
        foreach (var (name, report, load) in passes)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{name}: answers without a note within 2 s {report.Missed}; dropped input {report.DroppedInput}; GCs {report.Collections} ({report.Gen2Collections} full), paused {report.GcPauseMs:0.0} ms in all; output thread CPU {report.OutputThreadCpuMs / (report.Seconds * 10):0.00}% of a core; load average after {load}"));
        }
    }

    private static void Row(string metric, List<(string Name, LoopbackLatencyReport Report, string Load)> passes, Func<LoopbackLatencyReport, IReadOnlyList<double>> values)
    {
        var cells = passes.Select(p =>
        {
            var sorted = values(p.Report).Order().ToArray();
            double At(double q) => LatencyLog.NearestRank(sorted, q);
            return string.Create(CultureInfo.InvariantCulture, $" | {sorted.Length,12} {At(0.5),8:0.000} {At(0.99),8:0.000} {At(1.0),8:0.000}");
        });
        Console.WriteLine($"{metric,-46}{string.Concat(cells)}");
    }

    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
