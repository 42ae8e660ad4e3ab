using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Hosting;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.EdgeRuntime.Realtime;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta play --model M --in PORT --out PORT [--mode call-response|continue|learn-only] [--profile NAME]
/// [--record DIR] [--log-latency FILE] ...</c>: the live duet on the real model. Stops on SIGINT/SIGTERM (or after
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
        var temperature = new Option<float>("--temperature") { Description = "Sampling temperature.", DefaultValueFactory = _ => 1.0f };
        var length = new Option<double>("--length") { Description = "Answer length relative to the call.", DefaultValueFactory = _ => 1.0 };
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
        var command = new Command("play", "Play live with a performer: capture phrases, adapt, answer in real time.");
        foreach (var option in new Option[] { model, input, output, mode, profile, record, logLatency, temperature, length, transpose, channel, delay, rest, markerCc, markerNote, idle, clockOut, map, learn, seconds, seed })
        {
            command.Options.Add(option);
        }

        command.SetAction(parseResult =>
        {
            var settings = new EngineSettings
            {
                Mode = ParseMode(parseResult.GetValue(mode)!),
                Temperature = parseResult.GetValue(temperature),
                ResponseLength = parseResult.GetValue(length),
                Transpose = parseResult.GetValue(transpose),
                OutputChannel = CheckChannel(parseResult.GetValue(channel)) - 1,
                ResponseDelaySeconds = parseResult.GetValue(delay),
                Capture = new PhraseCaptureOptions { RestSeconds = parseResult.GetValue(rest), MarkerController = parseResult.GetValue(markerCc), MarkerNote = parseResult.GetValue(markerNote) },
                IdleForgetSeconds = parseResult.GetValue(idle),
                ClockOutBpm = parseResult.GetValue(clockOut),
                ControlMappings = ParseMappings(parseResult.GetValue(map) ?? []),
            };
            var options = new PlayOptions(
                parseResult.GetValue(model)!, parseResult.GetValue(input)!, parseResult.GetValue(output)!, parseResult.GetValue(profile),
                parseResult.GetValue(record), parseResult.GetValue(logLatency), parseResult.GetValue(learn) is { } l ? ParseParameter(l) : null,
                parseResult.GetValue(seconds), parseResult.GetValue(seed));
            return Run(settings, options);
        });
        return command;
    }

    private sealed record PlayOptions(string Model, string In, string Out, string? Profile, string? Record, string? LogLatency, EngineParameter? Learn, double? Seconds, int? Seed);

    private static int Run(EngineSettings settings, PlayOptions options)
    {
        var loaded = ModelFolder.Load(options.Model);
        var store = options.Profile is null ? null : new ProfileStore(ProfileStore.DefaultRoot());
        var profile = store?.Get(options.Profile!, loaded);
        if (profile?.Warning is { } warning)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        var start = profile?.Profile.Adapter ?? loaded.InitialAdapter;
        using var responder = new ModelResponder(loaded, start, new SamplerSettings { Seed = options.Seed });
        using var outPort = MidiPorts.OpenOutput(options.Out);
        var inPort = MidiPorts.OpenInput(options.In);
        var recorder = options.Record is null ? null : new SessionRecorder(MonotonicClock.Instance.Frequency);
        var adaptations = new List<double>();
        using var stop = new ManualResetEventSlim(false);
        using var notifier = SystemdNotifier.FromEnvironment();
        var interactive = !Console.IsErrorRedirected;
        void Log(string line) => Console.Error.WriteLine(interactive ? $"\r{line}\u001b[K" : line);

        // SIGINT/SIGTERM: stop cleanly so the engine releases every sounding note before the process ends.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });

        Log($"play: model {loaded.ModelId} on {responder.ProviderName}, in {inPort.Name}, out {outPort.Name}, mode {settings.Mode}");
        var engine = new RealtimeEngine(responder, outPort, settings, MonotonicClock.Instance, Log, recorder);
        var lastPhrase = DateTime.UtcNow;
        try
        {
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
            };
            if (options.Learn is { } parameter)
            {
                engine.LearnControl(parameter);
            }

            engine.Attach(inPort);
            Thread.Sleep(50);   // the port threads ask for SCHED_FIFO as they start
            Log(RealtimePriority.Active
                ? "scheduling: SCHED_FIFO for MIDI input and output threads"
                : "scheduling: normal (no CAP_SYS_NICE / LimitRTPRIO); timing may suffer on a busy system");
            notifier.Ready($"playing: in {inPort.Name}, out {outPort.Name}, model {loaded.ModelId}");
            var began = DateTime.UtcNow;
            DateTime? fileFinished = null;
            while (!stop.Wait(interactive ? 250 : 1000))
            {
                notifier.Watchdog();
                if (interactive)
                {
                    Console.Error.Write("\r" + StatusLine(engine.Status) + "\u001b[K");
                }

                if (options.Seconds is { } s && (DateTime.UtcNow - began).TotalSeconds >= s)
                {
                    break;
                }

                // A file: performer has finished: stop once its last phrase (cut by the rest) has been answered.
                if (inPort is MidiFileInput { IsFinished: true })
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
        }
        finally
        {
            notifier.Stopping();
            engine.Dispose();   // stops the threads, then note-off for every sounding note and CC 123
        }

        var status = engine.Status;
        Log(StatusLine(status));
        Log(Invariant($"answer latency ms p50 {engine.Output.ResponseLatency.Percentile(0.5):0.000} p99 {engine.Output.ResponseLatency.Percentile(0.99):0.000}; event jitter ms p99 {engine.Output.Jitter.Percentile(0.99):0.000}"));
        if (recorder is not null && recorder.Count > 0)
        {
            Directory.CreateDirectory(options.Record!);
            var path = Path.Combine(options.Record!, $"session-{DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)}.mid");
            MidiFile.FromNotes(recorder.ToNotes()).Write(path);
            Log($"recorded: {path}");
        }

        if (options.LogLatency is { } logPath)
        {
            WriteLatencyLog(logPath, engine, adaptations);
        }

        if (store is not null && profile is not null && responder.LastAdapted is { } adapted)
        {
            store.Save(profile.Profile.AfterSession(adapted, status.PhrasesCaptured, DateTimeOffset.Now));
            Log($"profile '{options.Profile}' updated");
        }

        return 0;
    }

    private static void WriteLatencyLog(string path, RealtimeEngine engine, List<double> adaptations)
    {
        using var writer = new StreamWriter(path);
        writer.WriteLine("kind,ms");
        void Write(string kind, IEnumerable<double> values)
        {
            foreach (var v in values)
            {
                writer.WriteLine(Invariant($"{kind},{v:0.######}"));
            }
        }

        Write("answer_latency", engine.Output.ResponseLatency.Snapshot());
        Write("event_jitter", engine.Output.Jitter.Snapshot());
        Write("step", engine.StepLatency.Snapshot());
        lock (adaptations)
        {
            Write("adaptation", adaptations);
        }
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
