using EdgeMeta.EdgeRuntime.Midi.Live;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// Which controller (CC number) moves which live parameter, and MIDI learn: the next CC moved after
/// <see cref="Learn"/> is mapped to the parameter asked for. Any thread may read the mappings; the engine's control
/// thread handles the messages.
/// </summary>
public sealed class ControllerMap
{
    private readonly Dictionary<int, EngineParameter> _map;
    private readonly Action<string> _log;
    private int _learning = -1;

    /// <summary>Starts from <paramref name="mappings"/> (copied).</summary>
    public ControllerMap(IReadOnlyDictionary<int, EngineParameter> mappings, Action<string> log)
    {
        ArgumentNullException.ThrowIfNull(mappings);
        _map = new Dictionary<int, EngineParameter>(mappings);
        _log = log ?? (_ => { });
    }

    /// <summary>A copy of the current mappings.</summary>
    public IReadOnlyDictionary<int, EngineParameter> Mappings
    {
        get
        {
            lock (_map)
            {
                return new Dictionary<int, EngineParameter>(_map);
            }
        }
    }

    /// <summary>Maps the next CC the performer moves (other than the sustain pedal) to <paramref name="parameter"/>.</summary>
    public void Learn(EngineParameter parameter)
    {
        Volatile.Write(ref _learning, (int)parameter);
        _log($"learn: move a controller to map it to {parameter}");
    }

    /// <summary>
    /// Handles a control change: learns it, or applies it to <paramref name="controls"/> (or calls <paramref name="panic"/>).
    /// Returns true when the CC was consumed as a control, false when it is musical input (e.g. the sustain pedal).
    /// </summary>
    public bool Handle(in MidiMessage message, LiveControls controls, Action panic)
    {
        ArgumentNullException.ThrowIfNull(controls);
        ArgumentNullException.ThrowIfNull(panic);
        var learning = Interlocked.Exchange(ref _learning, -1);
        if (learning >= 0 && message.Data1 != MidiMessage.SustainController)
        {
            lock (_map)
            {
                _map[message.Data1] = (EngineParameter)learning;
            }

            _log($"learn: CC {message.Data1} → {(EngineParameter)learning}");
            return true;
        }

        if (learning >= 0)
        {
            Volatile.Write(ref _learning, learning);   // the pedal is never learnt: keep waiting
        }

        EngineParameter parameter;
        lock (_map)
        {
            if (!_map.TryGetValue(message.Data1, out parameter))
            {
                return false;
            }
        }

        if (parameter == EngineParameter.Panic)
        {
            if (message.Data2 >= 64)
            {
                panic();
            }
        }
        else
        {
            controls.Apply(parameter, message.Data2);
        }

        return true;
    }
}
