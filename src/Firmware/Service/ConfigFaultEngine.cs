using EdgeMeta.Firmware.Config;
using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Service;

/// <summary>
/// Stands in for the engine while the config file is bad, so the box shows the problem on its display and blinks
/// its error LED like any other fault. Every retry re-reads the file; once it is good, <see cref="Fixed"/> is set
/// and the service restarts the box with it.
/// </summary>
internal sealed class ConfigFaultEngine(string path, BoxConfigException problem) : IBoxEngine
{
    private BoxConfigException _problem = problem;

    /// <summary>The file now loads; the service should rebuild the box.</summary>
    public volatile bool Fixed;

    public bool IsOpen => false;

    public IReadOnlyList<string> Profiles => ["-"];

    public string Profile => "-";

    public float Temperature { get; set; } = 1;

    public double AnswerLength { get; set; } = 1;

    public BoxEngineStatus Status => BoxEngineStatus.Stopped;

    public IReadOnlyList<EngineThreadProgress> Progress => [];

    public void Open()
    {
        try
        {
            BoxConfigLoader.Load(path);
            Fixed = true;
        }
        catch (BoxConfigException ex)
        {
            _problem = ex;
        }

        throw new BoxEngineException("CONFIG ERROR", _problem.Message, _problem);
    }

    public void Start(BoxPlayMode mode) => throw new BoxEngineException("CONFIG ERROR", _problem.Message, _problem);

    public void Stop()
    {
    }

    public void Panic()
    {
    }

    public void ClearProfile()
    {
    }

    public void SelectProfile(string name)
    {
    }

    public void Dispose()
    {
    }
}
