namespace EdgeMeta.Firmware.Box;

/// <summary>
/// The box's behaviour without any hardware: Idle · Listening · Adapting · Playing. Buttons, the
/// engine and the display talk to it through <see cref="Fire"/> and <see cref="StateChanged"/>, so
/// tests drive it directly. <see cref="PanicRequested"/> is raised on every transition into Idle
/// from a sounding state, because the one promise the box never breaks is: no hanging notes.
/// </summary>
public sealed class BoxStateMachine
{
    private readonly Lock _gate = new();

    /// <summary>The current state.</summary>
    public BoxState State { get; private set; } = BoxState.Idle;

    /// <summary>The last fault's message, cleared when the performer starts again.</summary>
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
            }
            else if (input == BoxInput.PlayPressed && from == BoxState.Idle)
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

    private static (BoxState To, bool Panic) Next(BoxState from, BoxInput input) => (from, input) switch
    {
        // Panic and faults always end in Idle with every note released.
        (_, BoxInput.PlayHeld) => (BoxState.Idle, true),
        (_, BoxInput.Fault) => (BoxState.Idle, true),
        (BoxState.Idle, BoxInput.PlayPressed) => (BoxState.Listening, false),
        (_, BoxInput.PlayPressed) => (BoxState.Idle, true),
        (BoxState.Listening, BoxInput.PhraseCaptured) => (BoxState.Adapting, false),
        (BoxState.Adapting, BoxInput.AdaptationFinished) => (BoxState.Playing, false),
        // The performer plays over the answer: the box stops answering and listens.
        (BoxState.Playing, BoxInput.NoteReceived) => (BoxState.Listening, true),
        (BoxState.Playing, BoxInput.ResponseFinished) => (BoxState.Listening, false),
        _ => (from, false),
    };
}
