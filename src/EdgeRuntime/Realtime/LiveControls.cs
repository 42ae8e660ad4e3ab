namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The settings a performer changes while playing (from CCs or the CLI), read by the generator thread at
/// each step. Plain fields with volatile access: no locks on the playing path.
/// </summary>
public sealed class LiveControls
{
    /// <summary>The one temperature range of the CLI, CCs and the box's knob: 0.1 (nearly the most likely event
    /// every time: plain, repetitive) to 2.0 (flat choices: surprising, often erratic); 1.0 samples the model as trained.</summary>
    public const float MinTemperature = Inference.TokenDraw.MinTemperature;

    /// <inheritdoc cref="MinTemperature"/>
    public const float MaxTemperature = Inference.TokenDraw.MaxTemperature;

    /// <summary>The answer length range, as a multiple of the call's length (the duet caps answers at 20 s anyway).</summary>
    public const double MinResponseLength = 0.25;

    /// <inheritdoc cref="MinResponseLength"/>
    public const double MaxResponseLength = 4.0;

    /// <summary>The transposition range in semitones.</summary>
    public const int MaxTranspose = 48;

    private float _temperature = 1.0f;
    private double _responseLength = 1.0;
    private int _transpose;
    private int _outputChannel;

    /// <summary>Sampling temperature, <see cref="MinTemperature"/>-<see cref="MaxTemperature"/> (clamped; NaN is ignored).</summary>
    public float Temperature
    {
        get => Volatile.Read(ref _temperature);
        set
        {
            if (!float.IsNaN(value))
            {
                Volatile.Write(ref _temperature, Math.Clamp(value, MinTemperature, MaxTemperature));
            }
        }
    }

    /// <summary>Answer length as a multiple of the call's length, <see cref="MinResponseLength"/>-<see cref="MaxResponseLength"/> (clamped; NaN is ignored).</summary>
    public double ResponseLength
    {
        get => Volatile.Read(ref _responseLength);
        set
        {
            if (!double.IsNaN(value))
            {
                Volatile.Write(ref _responseLength, Math.Clamp(value, MinResponseLength, MaxResponseLength));
            }
        }
    }

    /// <summary>Semitones added to the answer, ±<see cref="MaxTranspose"/>.</summary>
    public int Transpose
    {
        get => Volatile.Read(ref _transpose);
        set => Volatile.Write(ref _transpose, Math.Clamp(value, -MaxTranspose, MaxTranspose));
    }

    /// <summary>Output channel 0-15.</summary>
    public int OutputChannel
    {
        get => Volatile.Read(ref _outputChannel);
        set => Volatile.Write(ref _outputChannel, Math.Clamp(value, 0, 15));
    }

    /// <summary>Applies a CC value (0-127) to a parameter with the ranges documented on <see cref="EngineParameter"/>. Returns false for <see cref="EngineParameter.Panic"/>, which the engine handles.</summary>
    public bool Apply(EngineParameter parameter, int value)
    {
        value = Math.Clamp(value, 0, 127);
        switch (parameter)
        {
            case EngineParameter.Temperature:
                Temperature = MinTemperature + (value / 127f * (MaxTemperature - MinTemperature));
                return true;
            case EngineParameter.ResponseLength:
                ResponseLength = Math.Pow(2, (value - 64) / 32.0);   // 0 → 0.25x, 64 → 1x, 127 → ~3.9x
                return true;
            case EngineParameter.Transpose:
                Transpose = (int)Math.Round((value - 64) * 24 / 63.0);
                return true;
            case EngineParameter.OutputChannel:
                OutputChannel = value * 16 / 128;
                return true;
            default:
                return false;
        }
    }
}
