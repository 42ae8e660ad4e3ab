using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.Firmware.Box;
using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Config;

/// <summary>Turns a checked <see cref="BoxConfig"/> into the settings of the engine and of the box's brain.</summary>
public static class BoxConfigMapping
{
    /// <summary>The engine's options: model, ports, profiles, capture and installation mode.</summary>
    public static BoxEngineOptions EngineOptions(BoxConfig config, int? seed = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        var installation = config.ForgetVisitorAfterSeconds is not null;
        var engine = new EngineSettings
        {
            Temperature = (float)config.Temperature,
            ResponseLength = config.AnswerLength,
            ResponseDelaySeconds = config.ResponseDelaySeconds,
            Capture = new PhraseCaptureOptions { RestSeconds = config.PhraseRestSeconds },
            IdleForgetSeconds = config.ForgetVisitorAfterSeconds,
        };
        return new BoxEngineOptions(config.Model, config.MidiIn, config.MidiOut, config.ProfilesFolder, config.Profiles, engine, SaveSessions: !installation, Seed: seed);
    }

    /// <summary>The brain's settings: power-on state, what Play does, retry time.</summary>
    public static BoxControllerSettings ControllerSettings(BoxConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new BoxControllerSettings
        {
            Start = StartState(config.Start),
            PlayMode = config.PlayMode == "continue" ? BoxPlayMode.Continue : BoxPlayMode.CallResponse,
            Retry = TimeSpan.FromSeconds(config.RetrySeconds),
        };
    }

    /// <summary>idle, learn or play as a state.</summary>
    /// <exception cref="ArgumentException">Another word.</exception>
    public static BoxState StartState(string start) => start switch
    {
        "idle" => BoxState.Idle,
        "learn" => BoxState.Learning,
        "play" => BoxState.Listening,
        _ => throw new ArgumentException($"start '{start}' is not idle, learn or play.", nameof(start)),
    };
}
