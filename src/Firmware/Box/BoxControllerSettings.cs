using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Box;

/// <summary>How the box behaves (from the config file).</summary>
public sealed record BoxControllerSettings
{
    /// <summary>The state at power-on: Idle, Learning or Listening.</summary>
    public BoxState Start { get; init; } = BoxState.Idle;

    /// <summary>What Play does: <see cref="BoxPlayMode.CallResponse"/> or <see cref="BoxPlayMode.Continue"/>.</summary>
    public BoxPlayMode PlayMode { get; init; } = BoxPlayMode.CallResponse;

    /// <summary>Time between retries of a missing model or device.</summary>
    public TimeSpan Retry { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The clear question and the profile menu close by themselves after this long untouched.</summary>
    public TimeSpan MenuTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How long a notice stays on the display.</summary>
    public TimeSpan NoticeTime { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>Temperature change per knob step.</summary>
    public float TemperatureStep { get; init; } = 0.05f;

    /// <summary>Knob steps that double (or halve) the answer length.</summary>
    public int StepsPerLengthDoubling { get; init; } = 8;
}
