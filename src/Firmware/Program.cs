using System.CommandLine;
using EdgeMeta.EdgeRuntime.Profiles;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Config;
using EdgeMeta.Firmware.Devices.Buttons;
using EdgeMeta.Firmware.Engine;
using EdgeMeta.Firmware.Service;
using EdgeMeta.Firmware.Simulation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace EdgeMeta.Firmware;

/// <summary>
/// <c>edgemeta-box</c>: the standalone box. With no options it is the systemd service on the real panel
/// (<c>--config</c>, default /etc/edgemeta/box.json); <c>--simulate</c> runs the same box in a terminal (or headless)
/// with keys for the buttons; <c>button-check</c> watches one button for wiring checks.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var configPath = new Option<string?>("--config") { Description = $"Box config file (JSON; default {BoxConfigLoader.DefaultPath}, optional with --simulate)." };
        var simulate = new Option<bool>("--simulate") { Description = "No hardware: keys are the buttons and the knob, the terminal is the display." };
        var model = new Option<string?>("--model") { Description = "Model folder (overrides the config; default models/default with --simulate)." };
        var input = new Option<string?>("--in") { Description = "MIDI input (overrides midiIn): raw:hw:1,0 | seq:NAME | fifo:/path | file:phrases.mid." };
        var output = new Option<string?>("--out") { Description = "MIDI output (overrides midiOut): raw:hw:1,0 | seq:NAME | fifo:/path." };
        var start = new Option<string?>("--start") { Description = "State at power-on (overrides start): idle, learn or play." };
        var profiles = new Option<string?>("--profiles-folder") { Description = "Profile folder (overrides profilesFolder)." };
        var seconds = new Option<double?>("--seconds") { Description = "Stop cleanly after this many seconds (simulator)." };
        var keys = new Option<string?>("--keys") { Description = "Scripted keys, e.g. \"learn@1,play@12,knob+4@14,stop@30\" (simulator)." };
        var framePng = new Option<string?>("--frame-png") { Description = "Write the display as a PNG: at a png@T key or 's', else at the end (simulator)." };
        var seed = new Option<int?>("--seed") { Description = "Sampler seed (reproducible answers)." };
        var root = new RootCommand("edgemeta-box: the EdgeMeta standalone box (buttons, knob, LEDs, OLED; systemd service or --simulate).")
        {
            configPath, simulate, model, input, output, start, profiles, seconds, keys, framePng, seed, ButtonCheckCommand(),
        };
        root.SetAction(parse =>
        {
            var path = parse.GetValue(configPath);
            if (!parse.GetValue(simulate))
            {
                return RunService(path ?? BoxConfigLoader.DefaultPath);
            }

            try
            {
                var config = path is null ? new BoxConfig { Model = "models/default", ProfilesFolder = ProfileStore.DefaultRoot() } : BoxConfigLoader.Load(path);
                config = config with
                {
                    Model = parse.GetValue(model) ?? config.Model,
                    MidiIn = parse.GetValue(input) ?? config.MidiIn,
                    MidiOut = parse.GetValue(output) ?? config.MidiOut,
                    Start = parse.GetValue(start) ?? config.Start,
                    ProfilesFolder = parse.GetValue(profiles) ?? config.ProfilesFolder,
                };
                var problems = BoxConfigLoader.Validate(config);
                if (problems.Count > 0)
                {
                    throw new BoxConfigException(path ?? "command line", problems);
                }

                var script = KeyScript.Parse(parse.GetValue(keys) ?? "");
                var interactive = !Console.IsOutputRedirected && !Console.IsInputRedirected;
                var sim = parse.GetValue(seconds) is { } s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null;
                return Simulate(config, new SimulatorOptions(script, sim, parse.GetValue(framePng), interactive), parse.GetValue(seed));
            }
            catch (BoxConfigException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
            catch (ArgumentException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return root.Parse(args).Invoke();
    }

    private static int Simulate(BoxConfig config, SimulatorOptions options, int? seed)
    {
        var log = new LogLines(options.Interactive ? null : Console.Error);
        using var engine = new RuntimeBoxEngine(BoxConfigMapping.EngineOptions(config, seed), log.Add);
        var controller = new BoxController(engine, BoxConfigMapping.ControllerSettings(config), log.Add);
        return new Simulator(controller, engine, options, log).Run();
    }

    private static int RunService(string configPath)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.AddSystemdConsole();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(8));
        builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
        builder.Services.AddHostedService(s => new BoxService(configPath, s.GetRequiredService<ISystemdNotifier>(), s.GetRequiredService<ILogger<BoxService>>()));
        builder.Build().Run();
        return 0;
    }

    private static Command ButtonCheckCommand()
    {
        var pin = new Option<int>("--button-pin") { Description = "BCM number of the button's GPIO pin (button to ground, internal pull-up).", DefaultValueFactory = _ => 27 };
        var seconds = new Option<double>("--seconds") { Description = "How long to watch the button.", DefaultValueFactory = _ => 30 };
        var check = new Command("button-check", "Watch one button: print presses, holds and the box state they lead to (as the Play button).") { pin, seconds };
        check.SetAction(parse =>
        {
            try
            {
                var box = new BoxStateMachine();
                box.StateChanged += (from, to) => Console.WriteLine($"state: {from} -> {to}");
                box.PanicRequested += () => Console.WriteLine("panic: all notes off");
                using var button = new GpioButton(parse.GetValue(pin));
                button.Pressed += () => box.Fire(BoxInput.PlayPressed);
                button.Held += () => box.Fire(BoxInput.PlayHeld);
                Console.WriteLine($"watching GPIO {parse.GetValue(pin)} for {parse.GetValue(seconds):0} s: press = start/stop, hold 1 s = panic");
                Thread.Sleep(TimeSpan.FromSeconds(parse.GetValue(seconds)));
                return 0;
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        return check;
    }
}
