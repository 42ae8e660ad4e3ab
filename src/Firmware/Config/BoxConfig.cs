namespace EdgeMeta.Firmware.Config;

/// <summary>
/// Everything about one box in one JSON file (<c>/etc/edgemeta/box.json</c>; see README "Build the box"). Defaults
/// are a Raspberry Pi 4/5 wired as in the README's table. Keys are camelCase; unknown keys are refused.
/// </summary>
public sealed record BoxConfig
{
    /// <summary>Model folder.</summary>
    public string Model { get; init; } = "/opt/edgemeta/models/default";

    /// <summary>MIDI input spec (raw:hw:1,0, raw:NAME, seq:NAME, fifo:/path, file:phrases.mid).</summary>
    public string MidiIn { get; init; } = "raw:hw:1,0";

    /// <summary>MIDI output spec (raw:hw:1,0, raw:NAME, seq:NAME, fifo:/path).</summary>
    public string MidiOut { get; init; } = "raw:hw:1,0";

    /// <summary>Folder of performer profiles.</summary>
    public string ProfilesFolder { get; init; } = "/var/lib/edgemeta/profiles";

    /// <summary>The profile menu: 1-8 names; the first is chosen at power-on.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = ["house"];

    /// <summary>State at power-on: idle, learn or play (an installation on a wall starts with play).</summary>
    public string Start { get; init; } = "idle";

    /// <summary>What Play does: call-response (answer each phrase) or continue (keep playing until the performer plays again).</summary>
    public string PlayMode { get; init; } = "call-response";

    /// <summary>Sampling temperature at power-on (the knob turns it), 0.1-2.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Answer length relative to the call at power-on (push and turn the knob), 0.25-4.</summary>
    public double AnswerLength { get; init; } = 1.0;

    /// <summary>Musical gap before an answer, seconds (0-2).</summary>
    public double ResponseDelaySeconds { get; init; } = 0.15;

    /// <summary>A rest this long ends a phrase, seconds (0.1-5).</summary>
    public double PhraseRestSeconds { get; init; } = 0.6;

    /// <summary>Installation mode: forget the visitor after this many idle seconds and never save their sessions; null for a performer's box.</summary>
    public double? ForgetVisitorAfterSeconds { get; init; }

    /// <summary>How often to retry a missing model or MIDI device, seconds (1-300).</summary>
    public double RetrySeconds { get; init; } = 5;

    /// <summary>GPIO chip for libgpiod (Raspberry Pi 5: 0 on current kernels, 4 on early ones); null lets System.Device.Gpio pick the board's driver.</summary>
    public int? GpioChip { get; init; }

    public ButtonsConfig Buttons { get; init; } = new();

    public KnobConfig Knob { get; init; } = new();

    public LedsConfig Leds { get; init; } = new();

    public DisplayConfig Display { get; init; } = new();
}
