using System.Runtime.InteropServices;
using EdgeMeta.EdgeRuntime.Markov;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Baseline (d) of the protocol: a PPM model built from the support phrases alone (the Continuator's and
/// IDyOM's short-term model). It also generates responses by sampling from itself.
/// </summary>
/// <param name="maxOrder">Longest context of the PPM model.</param>
public sealed class PpmMethod(int maxOrder = 5) : IFewShotMethod, IResponseGenerator
{
    /// <summary>Longest context of the PPM model.</summary>
    public int MaxOrder { get; } = maxOrder;

    /// <inheritdoc/>
    public string Name => "PPM (support)";

    /// <inheritdoc/>
    public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var model = PpmModel.FromPhrases(episode.Support, MaxOrder);
        return episode.Query
            .Select(phrase =>
            {
                var sequence = phrase.ToModelSequence();
                return new SequenceDistributions(sequence.Length - 1, Vocabulary.Size, model.PredictSequence(sequence));
            })
            .ToArray();
    }

    /// <inheritdoc/>
    public IReadOnlyList<Phrase> Respond(FewShotEpisode episode, int seed)
    {
        ArgumentNullException.ThrowIfNull(episode);
        var model = PpmModel.FromPhrases(episode.Support, MaxOrder);
        var random = new Random(seed);
        var row = new double[Vocabulary.Size];
        var responses = new List<Phrase>(episode.Query.Count);
        foreach (var query in episode.Query)
        {
            // Stop at EOS, or at twice the query's length so a loop in the model cannot run forever.
            var history = new List<int> { Vocabulary.Bos };
            var limit = Math.Max(2 * query.Length, 8);
            while (history.Count - 1 < limit)
            {
                model.Predict(CollectionsMarshal.AsSpan(history), row);
                var token = Sample(row, random);
                if (token == Vocabulary.Eos)
                {
                    break;
                }

                history.Add(token);
            }

            responses.Add(new Phrase(history.Skip(1).ToArray()));
        }

        return responses;
    }

    // Samples an event or EOS; PAD and BOS are never played.
    private static int Sample(double[] row, Random random)
    {
        var total = 0.0;
        for (var v = 0; v < row.Length; v++)
        {
            if (v is not Vocabulary.Pad and not Vocabulary.Bos)
            {
                total += row[v];
            }
        }

        var target = random.NextDouble() * total;
        var last = Vocabulary.Eos;
        for (var v = 0; v < row.Length; v++)
        {
            if (v is Vocabulary.Pad or Vocabulary.Bos)
            {
                continue;
            }

            target -= row[v];
            last = v;
            if (target < 0)
            {
                return v;
            }
        }

        return last;
    }
}
