using EdgeMeta.EdgeRuntime.Duet;
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

    /// <summary>A rest (10 ms steps) the responder samples before each answer's first note, as a model may.</summary>
    public int LeadingRestSteps { get; init; }

    private bool _restPending;

    private int _learned;

    public int Learned => Volatile.Read(ref _learned);

    public void Learn(IReadOnlyList<CapturedPhrase> turns, CancellationToken cancellationToken)
    {
        if (AdaptDelayMs > 0)
        {
            Thread.Sleep(AdaptDelayMs);
        }

        LastAdapted = turns;
        Interlocked.Increment(ref Adaptations);
        Interlocked.Add(ref _learned, turns.Count);
    }

    /// <summary>Every turn-so-far heard, with the thread it came on and the turns learnt before it.</summary>
    public List<(TurnSoFar Turn, string? Thread, int LearnedBefore)> HeardSoFar { get; } = [];

    public void HearSoFar(TurnSoFar turn)
    {
        lock (HeardSoFar)
        {
            HeardSoFar.Add((turn, Thread.CurrentThread.Name, Learned));
        }
    }

    public void Forget() => Interlocked.Increment(ref Forgets);

    public AnswerPlan BeginResponse(CapturedPhrase? call, float temperature, double length, bool endless)
    {
        Interlocked.Increment(ref Begins);
        _position = 0;
        _pitch = 60;
        _restPending = LeadingRestSteps > 0;
        var callSteps = call is null ? 0 : (int)Math.Round(call.Duration / Vocabulary.TimeStepSeconds);
        var median = call is { Notes.Count: > 0 } ? call.Notes.Select(n => n.Pitch).Order().ElementAt(call.Notes.Count / 2) : (int?)null;
        return AnswerPlan.For(callSteps, length, endless, median, adapterVersion: 0, new DuetSettings());
    }

    public void Continue() => _position = 0;

    public void RingOut()
    {
    }

    public int NextToken()
    {
        if (_restPending)
        {
            _restPending = false;
            return Vocabulary.TimeShift(LeadingRestSteps);
        }

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
