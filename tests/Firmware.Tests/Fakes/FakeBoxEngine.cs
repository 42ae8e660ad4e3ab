using EdgeMeta.Firmware.Engine;

namespace EdgeMeta.Firmware.Tests.Fakes;

/// <summary>
/// An engine that records the box's calls ("open", "start Learn", "stop", "panic", ...) and whose status the test
/// sets, so the box's logic is tested without a model or MIDI.
/// </summary>
internal sealed class FakeBoxEngine : IBoxEngine
{
    private string _profile;

    public FakeBoxEngine(params string[] profiles)
    {
        Profiles = profiles.Length == 0 ? ["house"] : profiles;
        _profile = Profiles[0];
    }

    public List<string> Calls { get; } = [];

    /// <summary>What the next Open calls throw (one per call, in order); empty = open succeeds.</summary>
    public Queue<BoxEngineException> OpenFailures { get; } = new();

    /// <summary>What the next Start calls throw.</summary>
    public Queue<BoxEngineException> StartFailures { get; } = new();

    public bool IsOpen { get; set; }

    public IReadOnlyList<string> Profiles { get; }

    public string Profile => _profile;

    public float Temperature { get; set; } = 1;

    public double AnswerLength { get; set; } = 1;

    /// <summary>The status the box sees; tests move its counters to simulate the engine's work.</summary>
    public BoxEngineStatus Status { get; set; } = BoxEngineStatus.Stopped;

    public IReadOnlyList<EngineThreadProgress> Progress { get; set; } = [];

    public void Open()
    {
        Calls.Add("open");
        if (OpenFailures.TryDequeue(out var failure))
        {
            throw failure;
        }

        IsOpen = true;
    }

    public void Start(BoxPlayMode mode)
    {
        Calls.Add($"start {mode}");
        if (StartFailures.TryDequeue(out var failure))
        {
            throw failure;
        }

        Status = Status.Running
            ? Status with { Mode = mode }
            : Status with { Running = true, Mode = mode, PhrasesCaptured = 0, PhrasesLearned = 0, Answers = 0, Answering = false };
    }

    public void Stop()
    {
        Calls.Add("stop");
        Status = Status with { Running = false, Answering = false, SoundingNotes = 0 };
    }

    public void Panic() => Calls.Add("panic");

    public void ClearProfile() => Calls.Add($"clear {_profile}");

    public void SelectProfile(string name)
    {
        Calls.Add($"profile {name}");
        _profile = name;
    }

    public void Dispose() => Calls.Add("dispose");

    /// <summary>The performer finished a phrase (and, in Play, the engine adapted).</summary>
    public void Phrase(bool adapted = true) => Status = Status with
    {
        PhrasesCaptured = Status.PhrasesCaptured + 1,
        PhrasesLearned = Status.PhrasesLearned + (adapted ? 1 : 0),
        LastAdaptationMs = adapted ? 25.5 : Status.LastAdaptationMs,
    };
}
