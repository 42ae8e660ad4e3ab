using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Midi;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The Continuator baseline (Pachet 2003): answers sampled from a <see cref="ContinuatorModel"/> of the support's
/// own notes, starting from the end of the last support phrase (what the device answers), each note placed at its
/// own inter-onset interval after the one before, with its own length and velocity, for as long as the query
/// lasts. It only plays (no token predictions), so it appears in the answer tables, not the NLL tables.
/// </summary>
/// <param name="maxOrder">Longest context in notes.</param>
public sealed class ContinuatorMethod(int maxOrder = 6) : IResponseGenerator
{
    private static readonly PerformanceTokenizer Tokenizer = new();

    /// <inheritdoc/>
    public string Name => "Continuator (support notes)";

    /// <inheritdoc/>
    public IReadOnlyList<Phrase> Respond(FewShotEpisode episode, int seed)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var support = Notes(episode.Support);
        var model = new ContinuatorModel(support, maxOrder);
        var random = new Random(seed);
        var lastPhrase = support.Count == 0 ? 0 : support[^1].Phrase;
        var primer = support.Where(n => n.Phrase == lastPhrase).Select(n => n.Pitch).TakeLast(maxOrder).ToArray();
        var responses = new List<Phrase>(episode.Query.Count);
        foreach (var query in episode.Query)
        {
            if (model.Count == 0)
            {
                responses.Add(new Phrase([]));
                continue;
            }

            var seconds = Math.Max(Duration(query), Vocabulary.TimeStepSeconds);
            var limit = Math.Max(4 * query.Tokens.Count(Vocabulary.IsNoteOn), 16);
            var history = new List<int>(primer);
            var notes = new List<Note>();
            var onset = 0.0;
            while (notes.Count < limit)
            {
                var (note, pitch, interOnset, _) = model.Next(CollectionsMarshal.AsSpan(history), random);
                if (notes.Count > 0)
                {
                    onset += interOnset;
                }

                if (onset >= seconds)
                {
                    break;
                }

                notes.Add(new Note(pitch, note.Velocity, onset, onset + Math.Max(note.Duration, Vocabulary.TimeStepSeconds)));
                history.Add(pitch);
            }

            responses.Add(new Phrase(Tokenizer.Encode(notes)));
        }

        return responses;
    }

    private static List<PlayedNote> Notes(IReadOnlyList<Phrase> phrases)
    {
        var collector = new NoteCollector(Math.Max(1, phrases.Sum(p => p.Tokens.Count(Vocabulary.IsNoteOn))));
        foreach (var phrase in phrases)
        {
            collector.AcceptPhrase(phrase.Tokens);
        }

        // Onset order, chord notes low to high: a chord becomes a run of notes with zero inter-onset interval.
        return collector.Notes.ToArray()
            .OrderBy(n => n.Phrase).ThenBy(n => n.Onset).ThenBy(n => n.Pitch)
            .ToList();
    }

    private static double Duration(Phrase phrase) =>
        phrase.Tokens.Where(Vocabulary.IsTimeShift).Sum(t => Vocabulary.StepsOf(t) * Vocabulary.TimeStepSeconds);
}
