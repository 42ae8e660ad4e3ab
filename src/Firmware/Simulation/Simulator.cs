using System.Runtime.InteropServices;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Display;
using EdgeMeta.Firmware.Engine;
using EdgeMeta.Firmware.Service;
using Spectre.Console;

namespace EdgeMeta.Firmware.Simulation;

/// <summary>
/// <c>edgemeta-box --simulate</c>: the box with no hardware. The same controller, box loop and frame the OLED gets;
/// keys (or a script) stand in for the buttons and the knob, the terminal for the display. With no terminal
/// (tests, CI) it runs headless: log lines go to stderr and only the script presses keys.
/// </summary>
public sealed class Simulator(BoxController controller, IBoxEngine engine, SimulatorOptions options, LogLines log)
{
    private bool _pngWritten;

    /// <summary>Runs until --seconds, a quit key, Ctrl-C or SIGTERM; the engine is stopped (every note released) before it returns.</summary>
    public int Run()
    {
        using var stop = new ManualResetEventSlim(false);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; stop.Set(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Set(); });
        var watch = new ProgressWatch(TimeSpan.FromSeconds(10));
        var loop = new BoxLoop(controller, engine, watch, [], log: Log);
        loop.Start();
        var script = new Queue<ScriptedKey>(options.Keys);
        try
        {
            if (options.Interactive)
            {
                AnsiConsole.Live(new Text("starting…")).AutoClear(false).Start(live =>
                {
                    while (!Step(loop, script, stop))
                    {
                        while (Console.KeyAvailable)
                        {
                            var key = Console.ReadKey(intercept: true);
                            if (key.KeyChar is 'q' || key.Key == ConsoleKey.Escape)
                            {
                                stop.Set();
                            }
                            else if (key.KeyChar is 's')
                            {
                                WritePng(loop.Frame);
                            }
                            else if (TerminalKeys.Map(key) is { } gesture)
                            {
                                controller.Handle(gesture);
                            }
                        }

                        live.UpdateTarget(TerminalDisplay.Panel(loop.Frame, controller.View, loop.Now, log.Last(4)));

                        stop.Wait(50);
                    }
                });
            }
            else
            {
                while (!Step(loop, script, stop))
                {
                    stop.Wait(20);
                }
            }
        }
        finally
        {
            var frame = loop.Frame;
            loop.Dispose();   // stops the box loop, then the engine: every note released, the session saved
            if (!_pngWritten)
            {
                WritePng(frame);
            }
        }

        return 0;
    }

    // Presses due script keys; true when it is time to stop.
    private bool Step(BoxLoop loop, Queue<ScriptedKey> script, ManualResetEventSlim stop)
    {
        var now = loop.Now;
        while (script.TryPeek(out var next) && next.At <= now)
        {
            script.Dequeue();
            Log($"key: {Describe(next)} at {next.At.TotalSeconds:0.0} s");
            if (next.Control is { } control)
            {
                controller.Handle(control);
            }
            else if (next.Action == "png")
            {
                Thread.Sleep(60);   // let the box loop draw the last gesture first
                WritePng(loop.Frame);
            }
            else if (next.Action == "quit")
            {
                stop.Set();
            }
        }

        return stop.IsSet || (options.Seconds is { } s && now >= s);
    }

    private void WritePng(MonoFrame frame)
    {
        if (options.FramePng is not { } path)
        {
            return;
        }

        FramePng.Write(frame, path);
        _pngWritten = true;
        Log($"frame: {path}");
    }

    private void Log(string line) => log.Add(line);

    private static string Describe(ScriptedKey key) => key.Control is { } c
        ? c.Control == BoxControl.KnobTurn ? $"{c.Control} {c.Steps:+0;-0}{(c.Pushed ? " pushed" : "")}" : c.Control.ToString()
        : key.Action ?? "?";
}
