namespace EdgeMeta.Firmware.Box;

/// <summary>
/// The box's behaviour without any hardware: Idle · Learning · Listening · Adapting · Playing · Fault. Buttons,
/// the engine and the display talk to it through <see cref="Fire"/> and <see cref="StateChanged"/>, so tests
/// drive it directly. <see cref="PanicRequested"/> is raised on every transition that must silence the box,
/// because the one promise the box never breaks is: no hanging notes. A fault remembers what the box was doing
/// (<see cref="ResumeState"/>) so that it resumes by itself when the fault clears.
/// </summary>
public sealed class BoxStateMachine
{
    private readonly Lock _gate = new();

    /// <param name="initial">The state at power-on (installation boxes start in <see cref="BoxState.Listening"/>).</param>
    public BoxStateMachine(BoxState initial = BoxState.Idle)
    {
        if (initial is not (BoxState.Idle or BoxState.Learning or BoxState.Listening))
        {
            throw new ArgumentOutOfRangeException(nameof(initial), initial, "The box can start idle, learning or listening.");
        }

        State = initial;
        ResumeState = initial;
    }

    /// <summary>The current state.</summary>
    public BoxState State { get; private set; }

    /// <summary>Where the box goes when a fault clears (Idle, Learning or Listening); follows the buttons pressed during a fault.</summary>
    public BoxState ResumeState { get; private set; }

    /// <summary>The last fault's message, cleared when the fault clears or the performer stops the box.</summary>
    public string? LastFault { get; private set; }

    /// <summary>Raised after every change of state with (from, to).</summary>
    public event Action<BoxState, BoxState>? StateChanged;

    /// <summary>Raised when the engine must send note-off for every sounding note and CC 123.</summary>
    public event Action? PanicRequested;

    /// <summary>Applies one input; inputs that mean nothing in the current state are ignored.</summary>
    /// <param name="input">What happened.</param>
    /// <param name="detail">For <see cref="BoxInput.Fault"/>: what went wrong, shown on the display.</param>
    /// <returns>True when the state changed.</returns>
    public bool Fire(BoxInput input, string? detail = null)
    {
        BoxState from;
        BoxState to;
        bool panic;
        lock (_gate)
        {
            from = State;
            (to, panic) = Next(from, input);
            if (input == BoxInput.Fault)
            {
                LastFault = detail ?? "fault";
                if (from != BoxState.Fault)
                {
                    ResumeState = Resumable(from);
                }
            }
            else if (from == BoxState.Fault)
            {
                ResumeState = (input, ResumeState) switch
                {
                    (BoxInput.LearnPressed, BoxState.Learning) => BoxState.Idle,
                    (BoxInput.LearnPressed, _) => BoxState.Learning,
                    (BoxInput.PlayPressed, BoxState.Listening) => BoxState.Idle,
                    (BoxInput.PlayPressed, _) => BoxState.Listening,
                    (BoxInput.PlayHeld, _) => BoxState.Idle,
                    _ => ResumeState,
                };
                if (input == BoxInput.Recovered)
                {
                    to = ResumeState;
                    LastFault = null;
                }
            }
            else if (to == BoxState.Idle)
            {
                LastFault = null;
            }

            State = to;
        }

        if (panic)
        {
            PanicRequested?.Invoke();
        }

        if (to == from)
        {
            return false;
        }

        StateChanged?.Invoke(from, to);
        return true;
    }

    private static BoxState Resumable(BoxState state) => state switch
    {
        BoxState.Learning => BoxState.Learning,
        BoxState.Listening or BoxState.Adapting or BoxState.Playing => BoxState.Listening,
        _ => BoxState.Idle,
    };

    private static (BoxState To, bool Panic) Next(BoxState from, BoxInput input) => (from, input) switch
    {
        // A fault silences the box; inside a fault only the resume target moves (handled in Fire).
        (BoxState.Fault, _) => (BoxState.Fault, input == BoxInput.PlayHeld),
        (_, BoxInput.Fault) => (BoxState.Fault, true),
        // Panic always ends in Idle with every note released.
        (_, BoxInput.PlayHeld) => (BoxState.Idle, true),
        (BoxState.Idle, BoxInput.LearnPressed) => (BoxState.Learning, false),
        (BoxState.Idle, BoxInput.PlayPressed) => (BoxState.Listening, false),
        (BoxState.Learning, BoxInput.LearnPressed) => (BoxState.Idle, true),
        (BoxState.Learning, BoxInput.PlayPressed) => (BoxState.Listening, false),
        (_, BoxInput.LearnPressed) => (BoxState.Learning, true),
        (_, BoxInput.PlayPressed) => (BoxState.Idle, true),
        (BoxState.Listening, BoxInput.PhraseCaptured) => (BoxState.Adapting, false),
        (BoxState.Adapting, BoxInput.AdaptationFinished) => (BoxState.Playing, false),
        // The performer plays over the answer: the box stops answering and listens.
        (BoxState.Playing, BoxInput.NoteReceived) => (BoxState.Listening, true),
        (BoxState.Playing, BoxInput.ResponseFinished) => (BoxState.Listening, false),
        _ => (from, false),
    };
}
