using EdgeMeta.EdgeRuntime.Ports.Sequencer;

namespace EdgeMeta.EdgeRuntime.Ports;

/// <summary>Opens ports from spec strings (see <see cref="MidiPortSpec.Parse"/>).</summary>
public static class MidiPorts
{
    /// <summary>Opens an input. Not started: hand it to the engine, which starts it. <paramref name="fileSettings"/> reads a <c>file:</c> input (null = strict).</summary>
    /// <exception cref="ArgumentException">Bad spec.</exception>
    /// <exception cref="IOException">The device, FIFO or file is not there (message names it and what was found).</exception>
    /// <exception cref="InvalidOperationException">The ALSA sequencer is unavailable (message says why).</exception>
    public static IMidiInput OpenInput(string spec, Midi.MidiReadSettings? fileSettings = null)
    {
        var parsed = MidiPortSpec.Parse(spec);
        return parsed.Kind switch
        {
            MidiPortKind.MidiFile => File.Exists(parsed.Target)
                ? MidiFileInput.FromFile(parsed.Target, settings: fileSettings)
                : throw new FileNotFoundException($"MIDI file '{parsed.Target}' (from --in {spec}) does not exist.", parsed.Target),
            MidiPortKind.AlsaRaw => new ByteStreamMidiInput(parsed.ToString(), RawResolver(parsed.Target, spec)),
            MidiPortKind.AlsaSequencer => AlsaSequencerPort.Open(parsed.Target),
            _ => new ByteStreamMidiInput(ExistingStream(parsed.Target, spec)),
        };
    }

    /// <summary>Opens an output.</summary>
    /// <exception cref="ArgumentException">Bad spec, or a MIDI file given as output.</exception>
    /// <exception cref="IOException">The device or FIFO is not there.</exception>
    /// <exception cref="InvalidOperationException">The ALSA sequencer is unavailable (message says why).</exception>
    public static IMidiOutput OpenOutput(string spec)
    {
        var parsed = MidiPortSpec.Parse(spec);
        return parsed.Kind switch
        {
            MidiPortKind.MidiFile => throw new ArgumentException($"'{spec}' is a MIDI file; files are inputs only (use --record DIR to save answers).", nameof(spec)),
            MidiPortKind.AlsaRaw => new ByteStreamMidiOutput(parsed.ToString(), RawResolver(parsed.Target, spec)),
            MidiPortKind.AlsaSequencer => AlsaSequencerPort.Open(parsed.Target),
            _ => new ByteStreamMidiOutput(ExistingStream(parsed.Target, spec)),
        };
    }

    // Resolves at every (re)connect, so a replugged device that comes back as another card is found by name.
    private static Func<string?> RawResolver(string target, string spec)
    {
        if (target.StartsWith('/'))
        {
            if (!File.Exists(target))
            {
                throw new IOException($"ALSA raw MIDI device {target} (from {spec}) does not exist. {Found()}");
            }

            return () => target;
        }

        if (AlsaRawMidiDiscovery.Find(target, AlsaRawMidiDiscovery.List()) is null)
        {
            throw new IOException($"No ALSA raw MIDI device matches '{target}' (from {spec}). {Found()}");
        }

        return () => AlsaRawMidiDiscovery.Find(target, AlsaRawMidiDiscovery.List())?.Path;
    }

    private static string ExistingStream(string path, string spec) =>
        File.Exists(path) ? path : throw new IOException($"MIDI stream path {path} (from {spec}) does not exist; create the FIFO first (mkfifo {path}).");

    private static string Found()
    {
        var devices = AlsaRawMidiDiscovery.List();
        return devices.Count == 0
            ? "No ALSA MIDI devices found."
            : "Found: " + string.Join(", ", devices.Select(d => $"{d.HardwareId} '{d.PortName}' ({d.CardId})"));
    }
}
