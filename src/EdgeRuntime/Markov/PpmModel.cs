using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Markov;

/// <summary>
/// A variable-order Markov model over tokens: Prediction by Partial Matching (Cleary &amp; Witten 1984)
/// with escape method C (Moffat 1990) and exclusion, the short-term model of the Continuator
/// (Pachet 2003) and of IDyOM (Pearce 2005). It learns from a handful of phrases (a few-shot support
/// set) and gives a full next-token distribution at every position.
/// </summary>
/// <remarks>
/// Prediction starts at the longest context of at most <see cref="MaxOrder"/> tokens that was seen in
/// training and backs off one order at a time. At a context with counts c(s) over the symbols not yet
/// predicted by a longer context (exclusion), total n and q distinct such symbols, a symbol gets
/// c(s)/(n+q) and the escape to the next shorter context gets q/(n+q). Below order 0 an order −1
/// model spreads the remaining mass evenly over every symbol not yet predicted, so every token of
/// the alphabet has nonzero probability and the distribution sums to 1 exactly (up to rounding).
/// Counts are kept for every order 0..MaxOrder (no update exclusion). Contexts never cross phrase
/// boundaries: each training sequence is a phrase's BOS + events + EOS.
/// </remarks>
public sealed class PpmModel
{
    /// <summary>Longest context this implementation packs into its 64-bit context keys.</summary>
    public const int MaxSupportedOrder = 7;

    // Context (packed key) → counts of the symbols that followed it. Key 0 is the empty (order-0) context.
    private readonly Dictionary<long, ContextCounts> _contexts = [];
    private readonly int _keyBase;

    /// <summary>Creates an empty model.</summary>
    /// <param name="maxOrder">Longest context used, 0..<see cref="MaxSupportedOrder"/>; IDyOM's short-term model is unbounded, 5 is a common fixed choice.</param>
    /// <param name="alphabetSize">Number of symbols; tokens must lie in 0..alphabetSize−1.</param>
    /// <exception cref="ArgumentOutOfRangeException">An argument is out of range, or alphabetSize^maxOrder does not fit a 64-bit key.</exception>
    public PpmModel(int maxOrder = 5, int alphabetSize = Vocabulary.Size)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxOrder);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxOrder, MaxSupportedOrder);
        ArgumentOutOfRangeException.ThrowIfLessThan(alphabetSize, 1);
        // Digits are token + 1 so that a leading token 0 still makes the key differ from a shorter context.
        _keyBase = alphabetSize + 1;
        if (Math.Pow(_keyBase, maxOrder) >= long.MaxValue / 2)
        {
            throw new ArgumentOutOfRangeException(nameof(alphabetSize), alphabetSize, $"alphabet of {alphabetSize} symbols with max order {maxOrder} does not fit the 64-bit context key");
        }

        MaxOrder = maxOrder;
        AlphabetSize = alphabetSize;
    }

    /// <summary>Longest context used for prediction.</summary>
    public int MaxOrder { get; }

    /// <summary>Number of symbols the distributions cover.</summary>
    public int AlphabetSize { get; }

    /// <summary>Number of distinct contexts (of every order) seen in training.</summary>
    public int ContextCount => _contexts.Count;

    /// <summary>Builds a model from phrases, each learnt as BOS + events + EOS.</summary>
    /// <param name="phrases">Training phrases (a few-shot support set).</param>
    /// <param name="maxOrder">Longest context used.</param>
    /// <exception cref="ArgumentException">A phrase holds a token outside the vocabulary.</exception>
    public static PpmModel FromPhrases(IEnumerable<Phrase> phrases, int maxOrder = 5)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var model = new PpmModel(maxOrder);
        foreach (var phrase in phrases)
        {
            model.Learn(phrase.ToModelSequence());
        }

        return model;
    }

    /// <summary>Adds one sequence's transitions to the counts (contexts start at its first token).</summary>
    /// <param name="sequence">Tokens in 0..AlphabetSize−1.</param>
    /// <exception cref="ArgumentException">A token is outside the alphabet.</exception>
    public void Learn(ReadOnlySpan<int> sequence)
    {
        CheckTokens(sequence);
        for (var t = 0; t < sequence.Length; t++)
        {
            var symbol = sequence[t];
            var longest = Math.Min(MaxOrder, t);
            for (var order = 0; order <= longest; order++)
            {
                var key = KeyOf(sequence.Slice(t - order, order));
                if (!_contexts.TryGetValue(key, out var counts))
                {
                    counts = new ContextCounts();
                    _contexts.Add(key, counts);
                }

                counts.Add(symbol);
            }
        }
    }

    /// <summary>
    /// Writes the distribution of the token that follows <paramref name="history"/> into
    /// <paramref name="destination"/> (only the last <see cref="MaxOrder"/> tokens matter).
    /// </summary>
    /// <param name="history">Tokens so far in the current sequence (may be empty).</param>
    /// <param name="destination">Length <see cref="AlphabetSize"/>; every entry is overwritten.</param>
    /// <exception cref="ArgumentException">Wrong destination length or a token outside the alphabet.</exception>
    public void Predict(ReadOnlySpan<int> history, Span<double> destination)
    {
        if (destination.Length != AlphabetSize)
        {
            throw new ArgumentException($"destination has {destination.Length} entries, the alphabet has {AlphabetSize}", nameof(destination));
        }

        CheckTokens(history);
        destination.Clear();
        // Exclusion: a symbol predicted at a longer context is not predicted again at shorter ones.
        Span<bool> excluded = AlphabetSize <= 1024 ? stackalloc bool[AlphabetSize] : new bool[AlphabetSize];
        excluded.Clear();
        var remainingSymbols = AlphabetSize;
        var escapeMass = 1.0;

        for (var order = Math.Min(MaxOrder, history.Length); order >= 0; order--)
        {
            if (!_contexts.TryGetValue(KeyOf(history[^order..]), out var counts))
            {
                continue;
            }

            var total = 0;
            var distinct = 0;
            foreach (var (symbol, count) in counts.Counts)
            {
                if (!excluded[symbol])
                {
                    total += count;
                    distinct++;
                }
            }

            if (distinct == 0)
            {
                // Every symbol seen here was already predicted: no escape cost (standard PPM).
                continue;
            }

            double denominator = total + distinct;
            foreach (var (symbol, count) in counts.Counts)
            {
                if (!excluded[symbol])
                {
                    destination[symbol] = escapeMass * count / denominator;
                    excluded[symbol] = true;
                }
            }

            remainingSymbols -= distinct;
            escapeMass *= distinct / denominator;
        }

        if (remainingSymbols == 0)
        {
            // Every symbol was seen in some context: hand the last escape mass back proportionally.
            var sum = 0.0;
            foreach (var p in destination)
            {
                sum += p;
            }

            for (var s = 0; s < destination.Length; s++)
            {
                destination[s] /= sum;
            }

            return;
        }

        // Order −1: uniform over the symbols no context predicted.
        var share = escapeMass / remainingSymbols;
        for (var s = 0; s < AlphabetSize; s++)
        {
            if (!excluded[s])
            {
                destination[s] = share;
            }
        }
    }

    /// <summary>
    /// Distributions for every position of a sequence: row i (i = 0..Length−2) predicts
    /// sequence[i + 1] from sequence[0..i]. The first token (BOS) is given, never predicted.
    /// </summary>
    /// <param name="sequence">A whole sequence, e.g. <see cref="Phrase.ToModelSequence"/>.</param>
    /// <returns>Row-major [Length − 1, AlphabetSize].</returns>
    /// <exception cref="ArgumentException">A token is outside the alphabet or the sequence is shorter than 2.</exception>
    public double[] PredictSequence(ReadOnlySpan<int> sequence)
    {
        if (sequence.Length < 2)
        {
            throw new ArgumentException($"a sequence needs at least 2 tokens to predict one, got {sequence.Length}", nameof(sequence));
        }

        var rows = new double[(sequence.Length - 1) * AlphabetSize]; // [T-1, V]
        for (var i = 0; i < sequence.Length - 1; i++)
        {
            Predict(sequence[..(i + 1)], rows.AsSpan(i * AlphabetSize, AlphabetSize));
        }

        return rows;
    }

    private long KeyOf(ReadOnlySpan<int> context)
    {
        long key = 0;
        foreach (var token in context)
        {
            key = (key * _keyBase) + token + 1;
        }

        return key;
    }

    private void CheckTokens(ReadOnlySpan<int> tokens)
    {
        for (var i = 0; i < tokens.Length; i++)
        {
            if ((uint)tokens[i] >= (uint)AlphabetSize)
            {
                throw new ArgumentException($"token {tokens[i]} at position {i} is outside the alphabet 0..{AlphabetSize - 1}", nameof(tokens));
            }
        }
    }

    private sealed class ContextCounts
    {
        public Dictionary<int, int> Counts { get; } = [];

        public void Add(int symbol) => Counts[symbol] = Counts.GetValueOrDefault(symbol) + 1;
    }
}
