namespace EdgeMeta.Firmware.Engine;

/// <summary>
/// Everything the box needs of the duet engine, so the box's logic (buttons, knob, menu, display, recovery)
/// is tested against a fake and the one implementation (<see cref="RuntimeBoxEngine"/>) stays a thin adapter
/// over EdgeRuntime. All members are called from the box loop's thread only.
/// </summary>
public interface IBoxEngine : IDisposable
{
    /// <summary>True once <see cref="Open"/> has succeeded: the model is loaded and the MIDI ports are open.</summary>
    bool IsOpen { get; }

    /// <summary>Loads the model and the current profile and opens the MIDI ports. Safe to call again after a failure.</summary>
    /// <exception cref="BoxEngineException">Something is missing or broken; the message says what and where.</exception>
    void Open();

    /// <summary>Starts listening in <paramref name="mode"/>, or switches mode (releasing every note) when already listening.</summary>
    /// <exception cref="BoxEngineException">The input cannot be (re)opened.</exception>
    void Start(BoxPlayMode mode);

    /// <summary>Stops listening: note-off for every sounding note and CC 123, then the session is folded into the profile and saved atomically.</summary>
    void Stop();

    /// <summary>Stops the current answer and releases every sounding note; keeps listening.</summary>
    void Panic();

    /// <summary>Puts the current profile back to the meta-learned init (saved) and forgets this session.</summary>
    void ClearProfile();

    /// <summary>The profiles the performer can choose from (up to 8, in menu order).</summary>
    IReadOnlyList<string> Profiles { get; }

    /// <summary>The profile adaptations start from and sessions are saved into.</summary>
    string Profile { get; }

    /// <summary>Saves the session into the current profile, then switches to <paramref name="name"/> (one of <see cref="Profiles"/>).</summary>
    /// <exception cref="BoxEngineException">The profile was made for another model or is unreadable.</exception>
    void SelectProfile(string name);

    /// <summary>Sampling temperature of the answers (0.05-5).</summary>
    float Temperature { get; set; }

    /// <summary>Answer length as a multiple of the call's length (0.1-8).</summary>
    double AnswerLength { get; set; }

    /// <summary>A snapshot for the display and the state machine.</summary>
    BoxEngineStatus Status { get; }

    /// <summary>The engine's threads for the watchdog (empty while not listening).</summary>
    IReadOnlyList<EngineThreadProgress> Progress { get; }
}
