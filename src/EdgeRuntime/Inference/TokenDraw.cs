using System.Numerics.Tensors;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// Drawing one token from masked logits: temperature, top-k, top-p (nucleus) and a seeded random stream.
/// Temperature is live: changing it keeps the random stream where it is. Buffers are allocated once;
/// <see cref="Draw"/> allocates nothing. Not thread-safe.
/// </summary>
public sealed class TokenDraw
{
    /// <summary>Lowest non-greedy temperature (sharper than this is indistinguishable from greedy here).</summary>
    public const float MinTemperature = 0.1f;

    /// <summary>Highest temperature (hotter than this is noise).</summary>
    public const float MaxTemperature = 2.0f;

    private readonly float[] _probabilities;
    private readonly float[] _sortKeys;
    private readonly int[] _sortTokens;
    private readonly Random _random;
    private float _temperature;

    /// <summary>Creates a draw over <paramref name="size"/> tokens; the random stream is seeded once, here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public TokenDraw(int size, float temperature, int topK, float topP, int? seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (topK < 0 || !(topP > 0 && topP <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(topK), (topK, topP), "Need TopK >= 0 and 0 < TopP <= 1.");
        }

        Temperature = temperature;
        TopK = topK;
        TopP = topP;
        _probabilities = new float[size];
        _sortKeys = new float[size];
        _sortTokens = new int[size];
        _random = seed is int s ? new Random(s) : new Random();
    }

    /// <summary>
    /// Softmax temperature: 0 picks the most likely allowed token (greedy); otherwise
    /// <see cref="MinTemperature"/>..<see cref="MaxTemperature"/>, below 1 sharper (safer, more repetitive),
    /// above 1 flatter (more surprising). Settable between draws without touching the random stream.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Neither 0 nor within the range.</exception>
    public float Temperature
    {
        get => _temperature;
        set
        {
            if (!IsValidTemperature(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"Temperature must be 0 (greedy) or between {MinTemperature} and {MaxTemperature}.");
            }

            _temperature = value;
        }
    }

    /// <summary>Keep only the K most likely allowed tokens; 0 keeps all.</summary>
    public int TopK { get; }

    /// <summary>Keep the smallest set of tokens whose probability reaches P; 1 keeps all.</summary>
    public float TopP { get; }

    /// <summary>Whether <paramref name="temperature"/> is 0 or within the documented range.</summary>
    public static bool IsValidTemperature(float temperature) =>
        temperature == 0 || temperature is >= MinTemperature and <= MaxTemperature;

    /// <summary>
    /// Draws a token: entries of <paramref name="logits"/> not <paramref name="allowed"/> (or NaN) become −∞ first
    /// (the logits are overwritten). When every allowed logit is −∞, draws uniformly among the allowed tokens.
    /// </summary>
    /// <exception cref="InvalidOperationException">No token is allowed.</exception>
    public int Draw(Span<float> logits, ReadOnlySpan<bool> allowed)
    {
        var best = -1;
        for (var t = 0; t < logits.Length; t++)
        {
            var value = logits[t];
            if (!allowed[t] || float.IsNaN(value))
            {
                logits[t] = float.NegativeInfinity;
                continue;
            }

            if (best < 0 || value > logits[best])
            {
                best = t;
            }
        }

        if (best < 0)
        {
            throw new InvalidOperationException("The sampler's grammar allows no token; this is a bug (MaxPolyphony >= 1 always leaves NOTE_ON or NOTE_OFF).");
        }

        if (_temperature == 0 || float.IsNegativeInfinity(logits[best]) || float.IsPositiveInfinity(logits[best]))
        {
            // Greedy; also the fallback when every allowed logit is -inf or one is +inf.
            return float.IsNegativeInfinity(logits[best]) ? UniformAllowed(allowed) : best;
        }

        // p ∝ exp((logit - max) / T), zero for masked tokens.
        var probabilities = _probabilities.AsSpan(0, logits.Length);
        TensorPrimitives.Subtract(logits, logits[best], probabilities);
        TensorPrimitives.Multiply(probabilities, 1f / _temperature, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);

        if (TopK > 0 || TopP < 1)
        {
            return ChooseFromNucleus(probabilities);
        }

        return DrawFrom(probabilities, TensorPrimitives.Sum(probabilities));
    }

    private int ChooseFromNucleus(Span<float> probabilities)
    {
        var n = 0;
        for (var t = 0; t < probabilities.Length; t++)
        {
            if (probabilities[t] > 0)
            {
                _sortKeys[n] = -probabilities[t]; // ascending sort of negatives = descending probabilities
                _sortTokens[n] = t;
                n++;
            }
        }

        var keys = _sortKeys.AsSpan(0, n);
        var tokens = _sortTokens.AsSpan(0, n);
        var keep = TopK > 0 ? Math.Min(TopK, n) : n;
        if (keep < n)
        {
            // Partition so the K most likely come first (expected O(V)); sorting all V would cost more than the head.
            SelectSmallest(keys, tokens, keep);
        }

        if (TopP < 1)
        {
            // The nucleus needs the kept tokens in order of probability.
            keys[..keep].Sort(tokens[..keep]);
        }

        float total = 0;
        for (var i = 0; i < keep; i++)
        {
            total -= keys[i];
        }

        if (TopP < 1)
        {
            // The smallest prefix whose share of the kept mass reaches P.
            float cumulative = 0;
            var cut = 0;
            while (cut < keep)
            {
                cumulative -= keys[cut++];
                if (cumulative >= TopP * total)
                {
                    break;
                }
            }

            keep = cut;
            total = cumulative;
        }

        var target = (float)_random.NextDouble() * total;
        for (var i = 0; i < keep; i++)
        {
            target += keys[i];
            if (target < 0)
            {
                return tokens[i];
            }
        }

        return tokens[keep - 1];
    }

    /// <summary>Reorders so that keys[..k] hold the k smallest keys (unordered); tokens move with their keys.</summary>
    private static void SelectSmallest(Span<float> keys, Span<int> tokens, int k)
    {
        int left = 0, right = keys.Length - 1;
        while (left < right)
        {
            // Hoare partition around the middle element: deterministic, no allocation, no RNG draw.
            var pivot = keys[left + ((right - left) / 2)];
            int i = left, j = right;
            while (i <= j)
            {
                while (keys[i] < pivot)
                {
                    i++;
                }

                while (keys[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (keys[i], keys[j]) = (keys[j], keys[i]);
                    (tokens[i], tokens[j]) = (tokens[j], tokens[i]);
                    i++;
                    j--;
                }
            }

            if (k - 1 <= j)
            {
                right = j;
            }
            else if (k - 1 >= i)
            {
                left = i;
            }
            else
            {
                return;
            }
        }
    }

    private int DrawFrom(ReadOnlySpan<float> probabilities, float total)
    {
        var target = (float)_random.NextDouble() * total;
        var last = -1;
        for (var t = 0; t < probabilities.Length; t++)
        {
            if (probabilities[t] <= 0)
            {
                continue;
            }

            last = t;
            target -= probabilities[t];
            if (target < 0)
            {
                return t;
            }
        }

        return last; // rounding left a sliver of mass: take the last allowed token
    }

    private int UniformAllowed(ReadOnlySpan<bool> allowed)
    {
        var count = 0;
        foreach (var ok in allowed)
        {
            count += ok ? 1 : 0;
        }

        var pick = _random.Next(count);
        for (var t = 0; t < allowed.Length; t++)
        {
            if (allowed[t] && pick-- == 0)
            {
                return t;
            }
        }

        throw new InvalidOperationException("unreachable: the allowed count changed while drawing");
    }
}
