namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>
/// Where an answer's tokens come from: the duet's model (<see cref="DuetSession"/>) or a test pattern. Called on the
/// playing thread only; <see cref="NextToken"/> must not allocate.
/// </summary>
public interface IAnswerVoice
{
    /// <summary>The next event token (a <see cref="Tokens.Vocabulary"/> id; EOS when the voice finished a phrase).</summary>
    int NextToken();

    /// <summary>After EOS: carry on with a fresh phrase (the answer is not long enough yet).</summary>
    void Continue();

    /// <summary>
    /// The answer has reached its length: from now on start no note (no NOTE_ON, no VELOCITY), so the notes still
    /// sounding end where the voice releases them (<see cref="AnswerPlan.RingOutSteps"/>). A voice that cannot
    /// refuse onsets may ignore this: the answer then drops the onsets it draws.
    /// </summary>
    void RingOut();
}
