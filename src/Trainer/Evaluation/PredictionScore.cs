using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// Sums of the prediction metrics over some positions (a phrase, a task's query): negative log-likelihood,
/// correct argmax predictions and pitch information content. Sums, not means, so phrases add up exactly.
/// </summary>
/// <param name="Events">Predicted positions: every event of the query and its EOS (BOS is given).</param>
/// <param name="NllNats">Σ −ln p(target).</param>
/// <param name="Correct">Positions whose most probable token was the target.</param>
/// <param name="Notes">Positions whose target is a NOTE_ON.</param>
/// <param name="PitchBits">Σ over those of −log2 (p(target) / Σ_{NOTE_ON n} p(n)).</param>
public readonly record struct PredictionScore(int Events, double NllNats, int Correct, int Notes, double PitchBits)
{
    // A method that gives a target exactly 0 would make the NLL infinite and every mean with it;
    // this floor (NLL ≈ 690 nats) keeps such a failure visible in the numbers without poisoning them.
    private const double MinProbability = 1e-300;

    /// <summary>Mean NLL per event in nats (NaN without events).</summary>
    public double NllPerEvent => Events == 0 ? double.NaN : NllNats / Events;

    /// <summary>Share of positions predicted right (NaN without events).</summary>
    public double Accuracy => Events == 0 ? double.NaN : (double)Correct / Events;

    /// <summary>Mean pitch information content in bits per note (NaN without notes).</summary>
    public double PitchBitsPerNote => Notes == 0 ? double.NaN : PitchBits / Notes;

    /// <summary>Component-wise sum.</summary>
    public static PredictionScore operator +(PredictionScore a, PredictionScore b) =>
        new(a.Events + b.Events, a.NllNats + b.NllNats, a.Correct + b.Correct, a.Notes + b.Notes, a.PitchBits + b.PitchBits);

    /// <summary>Component-wise sum (the named form of +).</summary>
    public static PredictionScore Add(PredictionScore a, PredictionScore b) => a + b;

    /// <summary>Scores one sequence: row i of <paramref name="distributions"/> against sequence[i + 1].</summary>
    /// <param name="sequence">The model sequence (BOS + events + EOS).</param>
    /// <param name="distributions">Length(sequence) − 1 rows.</param>
    /// <exception cref="ArgumentException">Row count or vocabulary does not match the sequence.</exception>
    public static PredictionScore Of(ReadOnlySpan<int> sequence, SequenceDistributions distributions)
    {
        ArgumentNullException.ThrowIfNull(distributions);
        if (distributions.Positions != sequence.Length - 1)
        {
            throw new ArgumentException($"{distributions.Positions} distributions for a sequence of {sequence.Length} tokens (expected {sequence.Length - 1})", nameof(distributions));
        }

        var score = default(PredictionScore);
        for (var i = 0; i < distributions.Positions; i++)
        {
            var target = sequence[i + 1];
            if ((uint)target >= (uint)distributions.VocabularySize)
            {
                throw new ArgumentException($"target token {target} at position {i + 1} is outside the {distributions.VocabularySize}-token vocabulary", nameof(sequence));
            }

            score += OfPosition(distributions.Row(i), target);
        }

        return score;
    }

    private static PredictionScore OfPosition(ReadOnlySpan<double> row, int target)
    {
        var best = 0;
        for (var v = 1; v < row.Length; v++)
        {
            if (row[v] > row[best])
            {
                best = v;
            }
        }

        var nll = -Math.Log(Math.Max(row[target], MinProbability));
        if (!Vocabulary.IsNoteOn(target))
        {
            return new PredictionScore(1, nll, best == target ? 1 : 0, 0, 0);
        }

        // Pitch IC: the pitch's probability among the NOTE_ON events only, as IDyOM's pitch viewpoint sees it.
        var noteOnMass = 0.0;
        for (var pitch = 0; pitch < 128; pitch++)
        {
            noteOnMass += row[Vocabulary.NoteOn(pitch)];
        }

        var bits = -Math.Log2(Math.Max(row[target], MinProbability) / Math.Max(noteOnMass, MinProbability));
        return new PredictionScore(1, nll, best == target ? 1 : 0, 1, bits);
    }
}
