namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// A method's next-token distributions along one model sequence (BOS + events + EOS of a query phrase):
/// row i predicts token i + 1 from tokens 0..i, so a sequence of T tokens has T − 1 rows.
/// </summary>
public sealed class SequenceDistributions
{
    /// <summary>Wraps row-major probabilities.</summary>
    /// <param name="positions">Number of rows (T − 1).</param>
    /// <param name="vocabularySize">Entries per row (V).</param>
    /// <param name="probabilities">[positions, V] row-major; each row should sum to 1.</param>
    /// <exception cref="ArgumentException">The array length is not positions · V.</exception>
    public SequenceDistributions(int positions, int vocabularySize, double[] probabilities)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(positions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentNullException.ThrowIfNull(probabilities);
        if (probabilities.Length != positions * vocabularySize)
        {
            throw new ArgumentException($"expected {positions} x {vocabularySize} = {positions * vocabularySize} probabilities, got {probabilities.Length}", nameof(probabilities));
        }

        Positions = positions;
        VocabularySize = vocabularySize;
        Probabilities = probabilities;
    }

    /// <summary>Number of predicted positions.</summary>
    public int Positions { get; }

    /// <summary>V.</summary>
    public int VocabularySize { get; }

    /// <summary>[Positions, V] row-major.</summary>
    public double[] Probabilities { get; }

    /// <summary>The distribution of the token at <paramref name="position"/> + 1.</summary>
    public ReadOnlySpan<double> Row(int position) => Probabilities.AsSpan(position * VocabularySize, VocabularySize);

    /// <summary>Softmax of logits, row by row: the bridge from a neural model's output to a distribution.</summary>
    /// <param name="logits">[positions, V] row-major.</param>
    /// <param name="positions">Number of rows.</param>
    /// <param name="vocabularySize">V.</param>
    /// <exception cref="ArgumentException">The logits length is not positions · V.</exception>
    public static SequenceDistributions FromLogits(ReadOnlySpan<float> logits, int positions, int vocabularySize)
    {
        if (logits.Length != positions * vocabularySize)
        {
            throw new ArgumentException($"expected {positions} x {vocabularySize} logits, got {logits.Length}", nameof(logits));
        }

        var probabilities = new double[logits.Length];
        for (var row = 0; row < positions; row++)
        {
            var input = logits.Slice(row * vocabularySize, vocabularySize);
            var output = probabilities.AsSpan(row * vocabularySize, vocabularySize);
            // Subtract the max so exp never overflows.
            double max = float.NegativeInfinity;
            foreach (var x in input)
            {
                max = Math.Max(max, x);
            }

            var sum = 0.0;
            for (var v = 0; v < vocabularySize; v++)
            {
                output[v] = Math.Exp(input[v] - max);
                sum += output[v];
            }

            for (var v = 0; v < vocabularySize; v++)
            {
                output[v] /= sum;
            }
        }

        return new SequenceDistributions(positions, vocabularySize, probabilities);
    }
}
