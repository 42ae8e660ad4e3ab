namespace EdgeMeta.Firmware.Box;

/// <summary>Everything that can move the box from one state to another.</summary>
public enum BoxInput
{
    /// <summary>The learn button was pressed: start learning silently, or stop.</summary>
    LearnPressed,
    /// <summary>The play button was pressed briefly: start call and response, or stop.</summary>
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
    /// <summary>The engine reported a fault (model missing, device lost): stop sounding, show it, retry.</summary>
    Fault,
    /// <summary>The fault is gone (the device came back, the model loaded): resume what the box was doing.</summary>
    Recovered,
}
