using System.CommandLine;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Devices.Buttons;

namespace EdgeMeta.Firmware;

/// <summary>
/// <c>edgemeta-box</c>: the standalone box. So far it carries the hardware bring-up check for the play
/// button, driving the same state machine the box will run, so a builder can wire the button and watch
/// Idle · Listening · … follow their presses before the service exists.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        var pin = new Option<int>("--button-pin") { Description = "BCM number of the play button's GPIO pin (button to ground, internal pull-up).", DefaultValueFactory = _ => 17 };
        var seconds = new Option<double>("--seconds") { Description = "How long to watch the button.", DefaultValueFactory = _ => 30 };
        var check = new Command("button-check", "Watch the play button: print presses, holds and the box state they lead to.") { pin, seconds };
        check.SetAction(parse =>
        {
            try
            {
                return ButtonCheck(parse.GetValue(pin), TimeSpan.FromSeconds(parse.GetValue(seconds)));
            }
            catch (InvalidOperationException ex)
            {
                Console.Error.WriteLine($"error: {ex.Message}");
                return 2;
            }
        });
        var root = new RootCommand("edgemeta-box: the EdgeMeta standalone box (GPIO buttons and the box state machine).") { check };
        return root.Parse(args).Invoke();
    }

    private static int ButtonCheck(int pin, TimeSpan duration)
    {
        var box = new BoxStateMachine();
        box.StateChanged += (from, to) => Console.WriteLine($"state: {from} -> {to}");
        box.PanicRequested += () => Console.WriteLine("panic: all notes off");
        using var button = new GpioButton(pin);
        button.Pressed += () => box.Fire(BoxInput.PlayPressed);
        button.Held += () => box.Fire(BoxInput.PlayHeld);
        Console.WriteLine($"watching GPIO {pin} for {duration.TotalSeconds:0} s: press = start/stop, hold 1 s = panic");
        Thread.Sleep(duration);
        return 0;
    }
}
