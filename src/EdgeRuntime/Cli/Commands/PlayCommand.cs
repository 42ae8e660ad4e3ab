using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using EdgeMeta.EdgeRuntime.Diagnostics;
using EdgeMeta.EdgeRuntime.Files;
using EdgeMeta.EdgeRuntime.Hosting;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta play --model M --in PORT --out PORT [--mode call-response|continue|learn-only] [--profile NAME]
/// [--record DIR] [--log-latency FILE] [--stats FILE] ...</c>: the live duet on the real model. Stops on SIGINT/SIGTERM (or after
/// --seconds, or when a file: input has been played and answered), releasing every sounding note.
/// </summary>
internal sealed class PlayCommand : ICliCommand
{
    public Command Create()
    {
        var model = new Option<string>("--model") { Description = "Model folder (backbone.onnx, adapter.safetensors, manifest.json).", Required = true };
        var input = new Option<string>("--in") { Description = "Input port: raw:hw:1,0 | raw:NAME | /dev/snd/midiC1D0 | seq:NAME | fifo:/path | file:phrases.mid.", Required = true };
        var output = new Option<string>("--out") { Description = "Output port: raw:hw:1,0 | raw:NAME | seq:NAME | fifo:/path.", Required = true };
        var mode = new Option<string>("--mode") { Description = "call-response (default), continue or learn-only.", DefaultValueFactory = _ => "call-response" };
        var profile = new Option<string?>("--profile") { Description = "Performer profile to start from and update at the end (online Reptile)." };
        var record = new Option<string?>("--record") { Description = "Folder to save the session into as a MIDI file (performer track 0, answers track 1)." };
        var logLatency = new Option<string?>("--log-latency") { Description = "CSV file for latency samples (answer latency, event jitter, step and adaptation times, ms)." };
        var stats = new Option<string?>("--stats") { Description = "JSON Lines file: every 5 s memory, GC pauses, answers, late and dropped events, latency samples (for long runs, see bench-soak)." };
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature 0.1-2 (low: plain and repetitive; 1: as trained; high: surprising, erratic).", DefaultValueFactory = _ => 1.0f };
        var length = new Option<double>("--length") { Description = "Answer length relative to the call, 0.25-4 (answers stop at 20 s).", DefaultValueFactory = _ => 1.0 };
        var transpose = new Option<int>("--transpose") { Description = "Semitones added to answers." };
        var channel = new Option<int>("--channel") { Description = "Output MIDI channel 1-16.", DefaultValueFactory = _ => 1 };
        var delay = new Option<double>("--delay") { Description = "Musical gap before an answer, seconds.", DefaultValueFactory = _ => 0.15 };
        var rest = new Option<double>("--rest") { Description = "Rest that ends a phrase, seconds.", DefaultValueFactory = _ => 0.6 };
        var markerCc = new Option<int?>("--marker-cc") { Description = "CC number that marks the end of a phrase." };
        var markerNote = new Option<int?>("--marker-note") { Description = "Note number that marks the end of a phrase." };
        var idle = new Option<double?>("--idle-forget") { Description = "Forget the visitor after this many idle seconds (installation mode)." };
        var clockOut = new Option<double?>("--clock-out") { Description = "Send MIDI clock at this BPM." };
        var map = new Option<string[]>("--map") { Description = "CC mapping CC=parameter (temperature, length, transpose, channel, panic); repeatable.", AllowMultipleArgumentsPerToken = true };
        var learn = new Option<string?>("--learn-control") { Description = "Map the next moved CC to this parameter." };
        var seconds = new Option<double?>("--seconds") { Description = "Stop after this many seconds." };
        var seed = new Option<int?>("--seed") { Description = "Sampler seed (reproducible answers)." };
        var echo = new Option<double?>("--ignore-echo") { Description = "Ignore incoming notes that match a note the box sent within this many seconds (a synth echoing the box back), e.g. 0.05." };
        var lenient = new Option<bool>("--lenient") { Description = "With --in file:, read a damaged MIDI file as far as it goes instead of refusing it." };
        var command = new Command("play", "Play live with a performer: capture phrases, adapt, answer in real time.");
        foreach (var option in new Option[] { model, input, output, mode, profile, record, logLatency, stats, temperature, length, transpose, channel, delay, rest, markerCc, markerNote, idle, clockOut, map, learn, seconds, seed, lenient, echo })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var settings = new EngineSettings
            {
                Mode = ParseMode(parseResult.GetValue(mode)!),
                Temperature = (float)InRange(parseResult.GetValue(temperature), LiveControls.MinTemperature, LiveControls.MaxTemperature, "--temperature"),
                ResponseLength = InRange(parseResult.GetValue(length), LiveControls.MinResponseLength, LiveControls.MaxResponseLength, "--length"),
                Transpose = (int)InRange(parseResult.GetValue(transpose), -LiveControls.MaxTranspose, LiveControls.MaxTranspose, "--transpose"),
                OutputChannel = CheckChannel(parseResult.GetValue(channel)) - 1,
                ResponseDelaySeconds = InRange(parseResult.GetValue(delay), 0, 10, "--delay"),
                Capture = new PhraseCaptureOptions
                {
                    RestSeconds = InRange(parseResult.GetValue(rest), 0.05, 10, "--rest"),
                    MarkerController = Optional(parseResult.GetValue(markerCc), 0, 127, "--marker-cc"),
                    MarkerNote = Optional(parseResult.GetValue(markerNote), 0, 127, "--marker-note"),
                },
                IdleForgetSeconds = Optional(parseResult.GetValue(idle), 1, 86_400, "--idle-forget"),
                ClockOutBpm = Optional(parseResult.GetValue(clockOut), 20, 300, "--clock-out"),
                EchoWindowSeconds = Optional(parseResult.GetValue(echo), 0.001, 5, "--ignore-echo"),
                ControlMappings = ParseMappings(parseResult.GetValue(map) ?? []),
            };
            _ = Optional(parseResult.GetValue(seconds), 0.001, double.MaxValue, "--seconds");
            var options = new PlayOptions(
                parseResult.GetValue(model)!, parseResult.GetValue(input)!, parseResult.GetValue(output)!, parseResult.GetValue(profile),
                parseResult.GetValue(record), parseResult.GetValue(logLatency), parseResult.GetValue(learn) is { } l ? ParseParameter(l) : null,
                parseResult.GetValue(seconds), parseResult.GetValue(seed), parseResult.GetValue(lenient), parseResult.GetValue(stats));
            return Run(settings, options);
        });
        return command;
    }

    private sealed record PlayOptions(string Model, string In, string Out, string? Profile, string? Record, string? LogLatency, EngineParameter? Learn, double? Seconds, int? Seed, bool Lenient, string? Stats);

    private static int Run(EngineSettings settings, PlayOptions options)
    {
        // What the session will write is checked before it starts, so a bad path cannot lose the session at its end.
        var inFile = MidiPortSpec.Parse(options.In) is { Kind: MidiPortKind.MidiFile } spec ? spec.Target : "";
        if (options.Record is { } recordDir)
        {
            OutputTarget.CheckFolder(recordDir, inFile);
        }

        if (options.LogLatency is { } latencyPath)
        {
            OutputTarget.Check(latencyPath, inFile);
        }

        if (options.Stats is { } statsPath)
        {
            OutputTarget.Check(statsPath, inFile);
        }

        using var notifier = SystemdNotifier.FromEnvironment();   // does nothing outside systemd
        using var stop = new ManualResetEventSlim(false);
        var interactive = !Console.IsErrorRedirected;
        void Log(string line) => Console.Error.WriteLine(interactive ? $"\r{line}\u001b[K" : line);

        // SIGINT/SIGTERM: stop cleanly so the engine releases every sounding note before the process ends.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });

        using var session = LiveSession.Open(new LiveSessionOptions
        {
            Model = options.Model,
            In = options.In,
            Out = options.Out,
            Profile = options.Profile,
            RecordDirectory = options.Record,
            Seed = options.Seed,
            Engine = settings,
            FileInput = options.Lenient ? MidiReadSettings.Lenient : MidiReadSettings.Strict,
        }, Log);
        var engine = session.Engine;
        var adaptations = new List<double>();
        var lastPhrase = DateTime.UtcNow;
        Log($"play: model {session.ModelId} on {session.Responder.ProviderName}, in {session.InName}, out {session.OutName}, mode {settings.Mode}");
        engine.Adapted += ms =>
        {
            lock (adaptations)
            {
                adaptations.Add(ms);
            }
        };
        engine.PhraseCaptured += p =>
        {
            lastPhrase = DateTime.UtcNow;
            Log(Invariant($"phrase: {p.Notes.Count} notes, {p.Duration:0.00} s, ended by {p.Reason}"));
            if (session.Responder.Duet.Style is { } style)
            {
                Log($"style: {style}");   // the performer's recent phrases, as heard before this one (learning runs off this thread)
            }
        };
        if (options.Learn is { } parameter)
        {
            engine.Controllers.Learn(parameter);
        }

        using var stats = options.Stats is { } path ? new PlayStatsWriter(path, engine) : null;
        var statsWritten = Environment.TickCount64;
        session.Listen();
        notifier.Ready($"playing: in {session.InName}, out {session.OutName}, model {session.ModelId}");
        var began = DateTime.UtcNow;
        DateTime? fileFinished = null;
        var priorityReported = false;
        var lastProgress = -1L;
        while (!stop.Wait(interactive ? 250 : 1000))
        {
            // The watchdog is fed only while the engine's threads live and move on: a stuck engine gets restarted.
            if (engine.ThreadsAlive && engine.Progress != lastProgress)
            {
                lastProgress = engine.Progress;
                notifier.Watchdog();
            }

            if (!priorityReported)
            {
                // Reported once the port threads have started (they ask for SCHED_FIFO as they start).
                priorityReported = true;
                Log(RealtimePriority.Active
                    ? "scheduling: SCHED_FIFO for MIDI input, output and control threads and for answer starts"
                    : "scheduling: normal (no CAP_SYS_NICE / LimitRTPRIO); timing may suffer on a busy system");
            }

            if (interactive)
            {
                Console.Error.Write("\r" + StatusLine(engine.Status) + "\u001b[K");
            }

            if (stats is not null && Environment.TickCount64 - statsWritten >= PlayStatsWriter.IntervalSeconds * 1000)
            {
                statsWritten = Environment.TickCount64;
                stats.Write();
            }

            if (options.Seconds is { } s && (DateTime.UtcNow - began).TotalSeconds >= s)
            {
                break;
            }

            // A file: performer has finished: stop once its last phrase (cut by the rest) has been answered.
            if (session.InputFinished)
            {
                fileFinished ??= DateTime.UtcNow;
                var settle = settings.Capture.RestSeconds + settings.ResponseDelaySeconds + 0.5;
                if (engine.IsIdle && (DateTime.UtcNow - fileFinished.Value).TotalSeconds > settle
                    && (DateTime.UtcNow - lastPhrase).TotalSeconds > settings.ResponseDelaySeconds + 0.5)
                {
                    break;
                }
            }
        }

        notifier.Stopping();
        var summary = session.Stop();   // every note released, the recording written, the profile saved
        stats?.Write(final: true);
        Log(StatusLine(engine.Status));
        Log(Invariant($"answer latency ms p50 {engine.Output.ResponseLatency.Percentile(0.5):0.000} p99 {engine.Output.ResponseLatency.Percentile(0.99):0.000}; event jitter ms p99 {engine.Output.Jitter.Percentile(0.99):0.000}"));
        Log(Invariant($"events sent {engine.Output.SentEvents}, late (> {OutputScheduler.LateThresholdMs:0.#} ms) {engine.Output.LateEvents}, dropped {engine.Output.DroppedEvents}, stale note-ons skipped {engine.Output.StaleNotesSkipped}, cancelled by the performer {engine.Output.CancelledEvents}"));
        if (summary.Recording is { } recording)
        {
            Log($"recorded: {recording}");
        }

        if (options.LogLatency is { } logPath)
        {
            WriteLatencyLog(logPath, engine, adaptations);
        }

        if (summary.Profile is { } profile)
        {
            Log($"profile '{profile.Info.Name}' updated");
        }

        return 0;
    }

    private static void WriteLatencyLog(string path, RealtimeEngine engine, List<double> adaptations)
    {
        var text = new StringBuilder("kind,ms\n");
        void Write(string kind, IEnumerable<double> values)
        {
            foreach (var v in values)
            {
                text.Append(Invariant($"{kind},{v:0.######}\n"));
            }
        }

        Write("answer_latency", engine.Output.ResponseLatency.Snapshot());
        Write("event_jitter", engine.Output.Jitter.Snapshot());
        Write("step", engine.StepLatency.Snapshot());
        lock (adaptations)
        {
            Write("adaptation", adaptations);
        }

        AtomicFile.WriteAllText(path, text.ToString());
    }

    private static string StatusLine(EngineStatus s) => Invariant(
        $"[{s.Mode}] phrases {s.PhrasesCaptured} learned {s.PhrasesLearned} | adapt {s.LastAdaptationMs:0.0} ms | step {s.LastStepMs:0.000} ms | answers {s.Responses} | sounding {s.SoundingNotes} | dropped in {s.DroppedInput}{(s.ClockBpm is { } bpm ? $" | clock {bpm:0.0} bpm" : "")}");

    private static EngineMode ParseMode(string text) => text switch
    {
        "call-response" => EngineMode.CallResponse,
        "continue" => EngineMode.Continue,
        "learn-only" => EngineMode.LearnOnly,
        _ => throw new ArgumentException($"--mode '{text}' is not one of call-response, continue, learn-only."),
    };

    // Every number of play is checked before anything starts, naming the option (NaN fails every comparison).
    private static double InRange(double value, double min, double max, string option) =>
        value >= min && value <= max ? value : throw new ArgumentException(Invariant($"{option} {value} is not a number from {min} to {max}."));

    private static int? Optional(int? value, int min, int max, string option) =>
        value is { } v ? (int)InRange(v, min, max, option) : null;

    private static double? Optional(double? value, double min, double max, string option) =>
        value is { } v ? InRange(v, min, max, option) : null;

    private static int CheckChannel(int channel) =>
        channel is >= 1 and <= 16 ? channel : throw new ArgumentException($"--channel {channel} is not a MIDI channel 1-16.");

    private static EngineParameter ParseParameter(string text) => text.ToLowerInvariant() switch
    {
        "temperature" => EngineParameter.Temperature,
        "length" => EngineParameter.ResponseLength,
        "transpose" => EngineParameter.Transpose,
        "channel" => EngineParameter.OutputChannel,
        "panic" => EngineParameter.Panic,
        _ => throw new ArgumentException($"Unknown parameter '{text}'; use temperature, length, transpose, channel or panic."),
    };

    private static Dictionary<int, EngineParameter> ParseMappings(string[] mappings)
    {
        var result = new Dictionary<int, EngineParameter>();
        foreach (var mapping in mappings)
        {
            var parts = mapping.Split('=', 2);
            if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var cc) || cc > 127)
            {
                throw new ArgumentException($"--map '{mapping}' is not CC=parameter with CC 0-127 (e.g. 20=temperature).");
            }

            result[cc] = ParseParameter(parts[1]);
        }

        return result;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
