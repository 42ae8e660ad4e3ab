using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Duet;

/// <summary>One answer played offline.</summary>
/// <param name="Tokens">The model's tokens (closing NOTE_OFFs included).</param>
/// <param name="Notes">The notes as the box plays them (in the call's register), times from the answer's start.</param>
/// <param name="Plan">Its length, register and adapter.</param>
/// <param name="OctaveShift">Semitones the register following moved it by.</param>
public sealed record Answer(int[] Tokens, IReadOnlyList<Note> Notes, AnswerPlan Plan, int OctaveShift)
{
    /// <summary>The answer as played, as event tokens (the model's tokens moved by <see cref="OctaveShift"/>).</summary>
    public Phrase Played() => new(Moved(Tokens, OctaveShift));

    /// <summary>A copy of <paramref name="tokens"/> with every NOTE_ON/NOTE_OFF moved by <paramref name="semitones"/> (clamped to 0-127).</summary>
    public static int[] Moved(ReadOnlySpan<int> tokens, int semitones)
    {
        var played = tokens.ToArray();
        for (var i = 0; i < played.Length; i++)
        {
            var t = played[i];
            if (Vocabulary.IsNoteOn(t) || Vocabulary.IsNoteOff(t))
            {
                var pitch = Math.Clamp(Vocabulary.PitchOf(t) + semitones, 0, 127);
                played[i] = Vocabulary.IsNoteOn(t) ? Vocabulary.NoteOn(pitch) : Vocabulary.NoteOff(pitch);
            }
        }

        return played;
    }
}
