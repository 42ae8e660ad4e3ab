namespace EdgeMeta.Firmware.Box;

/// <summary>Everything that can move the box from one state to another.</summary>
public enum BoxInput
{
    /// <summary>The play button was pressed briefly: start listening, or stop.</summary>
    PlayPressed,
    /// <summary>The play button was held: panic (all notes off) and back to idle.</summary>
    PlayHeld,
    /// <summary>The performer played a note.</summary>
    NoteReceived,
    /// <summary>The phrase capture closed a phrase (rest, pedal or marker).</summary>
    PhraseCaptured,
    /// <summary>The adapter finished learning and was swapped in.</summary>
    AdaptationFinished,
    /// <summary>The response ended and every note was released.</summary>
    ResponseFinished,
    /// <summary>The engine reported a fault (device lost, exception): stop safely.</summary>
    Fault,
}
