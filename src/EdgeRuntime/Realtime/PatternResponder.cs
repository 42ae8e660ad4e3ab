using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// A deterministic responder without a model: answers every call with a rising pattern from the call's first
/// pitch, one note every <see cref="StepMilliseconds"/> (held for 80% of it). It measures the engine alone
/// (latency benchmark, demos of the I/O path); <c>edgemeta play</c> always uses <see cref="ModelResponder"/>.
/// </summary>
public sealed class PatternResponder(int stepMilliseconds = 100) : IResponder
{
    private static readonly int[] Intervals = [0, 2, 4, 5, 7, 9, 11, 12];
    private int _position;
    private int _root = 60;

    /// <summary>Time from one answered note to the next.</summary>
    public int StepMilliseconds { get; } = Math.Clamp(stepMilliseconds, 20, 1000);

    /// <summary>Adaptations requested (nothing is learned).</summary>
    private static readonly DuetSettings Bounds = new();
    private int _learned;

    public int Adaptations { get; private set; }

    public int Learned => Volatile.Read(ref _learned);

    public void Learn(IReadOnlyList<CapturedPhrase> turns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turns);
        Interlocked.Add(ref _learned, turns.Count);
        Adaptations++;
    }

    public void Forget()
    {
    }

    public AnswerPlan BeginResponse(CapturedPhrase? call, float temperature, double length, bool endless)
    {
        _position = 0;
        _root = call is { Notes.Count: > 0 } ? call.Notes[0].Pitch : 60;
        var callSteps = call is null ? 0 : (int)Math.Round(call.Duration / Vocabulary.TimeStepSeconds);
        return AnswerPlan.For(callSteps, length, endless, registerPitch: null, adapterVersion: 0, Bounds);
    }

    public void Continue() => _position = 0;

    /// <inheritdoc/>
    /// <remarks>The pattern cannot refuse onsets: the answer drops them, and its note sounding ends at its own NOTE_OFF.</remarks>
    public void RingOut()
    {
    }

    public int NextToken()
    {
        // Per note: NOTE_ON, TIME_SHIFT (80%), NOTE_OFF, TIME_SHIFT (20%).
        var pitch = Math.Clamp(_root + Intervals[(_position / 4) % Intervals.Length], 0, 127);
        var steps = StepMilliseconds / 10;
        var held = Math.Max(1, steps * 4 / 5);
        return (_position++ % 4) switch
        {
            0 => Vocabulary.NoteOn(pitch),
            1 => Vocabulary.TimeShift(held),
            2 => Vocabulary.NoteOff(pitch),
            _ => Vocabulary.TimeShift(Math.Max(1, steps - held)),
        };
    }
}
