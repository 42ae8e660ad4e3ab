using System.CommandLine;
using EdgeMeta.EdgeRuntime.Ports;
using EdgeMeta.EdgeRuntime.Ports.Sequencer;

namespace EdgeMeta.EdgeRuntime.Cli.Commands;

/// <summary>
/// <c>edgemeta devices</c>: the ALSA raw MIDI devices present (card, device, names, node, the spec to pass to
/// --in/--out) and whether the ALSA sequencer can be used.
/// </summary>
internal sealed class DevicesCommand : ICliCommand
{
    public Command Create()
    {
        var command = new Command("devices", "List ALSA MIDI devices (raw MIDI and sequencer) usable as --in/--out.");
        command.SetAction(_ =>
        {
            var output = Console.Out;
            var devices = AlsaRawMidiDiscovery.List();
            if (devices.Count == 0)
            {
                output.WriteLine("no ALSA MIDI devices found");
            }
            else
            {
                foreach (var d in devices)
                {
                    output.WriteLine($"raw:{d.HardwareId,-8} {d.Path,-20} card '{d.CardId}' ({d.CardName}), port '{d.PortName}'  → --in raw:{d.CardId}");
                }
            }

            var library = AlsaSequencerPort.LibraryAvailable();
            var device = File.Exists(AlsaSequencerPort.SequencerDevice);
            output.WriteLine(library && device
                ? "sequencer: available (seq:NAME makes a virtual port; seq:CLIENT:PORT subscribes to one)"
                : $"sequencer: unavailable ({(library ? "" : "libasound.so.2 not loadable; ")}{(device ? "" : $"{AlsaSequencerPort.SequencerDevice} missing")}); raw MIDI and fifo: ports still work".Replace("; )", ")", StringComparison.Ordinal));
            return 0;
        });
        return command;
    }
}
