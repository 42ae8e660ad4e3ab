using EdgeMeta.EdgeRuntime.Realtime;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Tests.Realtime;

/// <summary>
/// A deterministic stand-in for the model: answers with an ascending scale from middle C, one note every
/// 100 ms (80 ms long), and records what the engine asked of it.
/// </summary>
internal sealed class ScaleResponder : IResponder
{
    private int _position;
    private int _pitch;

    public int Adaptations;
    public int Forgets;
    public int Begins;
    public IReadOnlyList<CapturedPhrase>? LastAdapted;
    public int AdaptDelayMs { get; init; }

    public void Adapt(IReadOnlyList<CapturedPhrase> phrases, CancellationToken cancellationToken)
    {
        if (AdaptDelayMs > 0)
        {
            Thread.Sleep(AdaptDelayMs);
        }

        LastAdapted = phrases;
        Interlocked.Increment(ref Adaptations);
    }

    public void Forget() => Interlocked.Increment(ref Forgets);

    public void BeginResponse(CapturedPhrase? call, float temperature)
    {
        Interlocked.Increment(ref Begins);
        if (call is not null)
        {
            _position = 0;
            _pitch = 60;
        }
    }

    public int NextToken()
    {
        // Pattern per note: VELOCITY, NOTE_ON, TIME_SHIFT 80 ms, NOTE_OFF, TIME_SHIFT 20 ms.
        var step = _position++ % 5;
        switch (step)
        {
            case 0:
                return Vocabulary.Velocity(20);
            case 1:
                return Vocabulary.NoteOn(_pitch);
            case 2:
                return Vocabulary.TimeShift(8);
            case 3:
                return Vocabulary.NoteOff(_pitch++);
            default:
                return Vocabulary.TimeShift(2);
        }
    }
}
