namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The settings a performer changes while playing (from CCs or the CLI), read by the generator thread at
/// each step. Plain fields with volatile access: no locks on the playing path.
/// </summary>
public sealed class LiveControls
{
    private float _temperature = 1.0f;
    private double _responseLength = 1.0;
    private int _transpose;
    private int _outputChannel;

    /// <summary>Sampling temperature, 0.05-5.</summary>
    public float Temperature
    {
        get => Volatile.Read(ref _temperature);
        set => Volatile.Write(ref _temperature, Math.Clamp(value, 0.05f, 5f));
    }

    /// <summary>Answer length as a multiple of the call's length, 0.1-8.</summary>
    public double ResponseLength
    {
        get => Volatile.Read(ref _responseLength);
        set => Volatile.Write(ref _responseLength, Math.Clamp(value, 0.1, 8));
    }

    /// <summary>Semitones added to the answer, -48..48.</summary>
    public int Transpose
    {
        get => Volatile.Read(ref _transpose);
        set => Volatile.Write(ref _transpose, Math.Clamp(value, -48, 48));
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
                Temperature = 0.1f + value / 127f * 1.9f;
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
