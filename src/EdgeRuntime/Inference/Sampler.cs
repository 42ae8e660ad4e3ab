using System.Numerics.Tensors;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Inference;

/// <summary>
/// Turns next-event logits into one token while keeping the event stream well-formed. It tracks the
/// sounding notes and the clock, and masks what the vocabulary's grammar forbids: NOTE_OFF of a silent
/// pitch, NOTE_ON of a sounding pitch, NOTE_ON beyond the polyphony limit, TIME_SHIFT that would stretch a
/// silence past its limit, two VELOCITY tokens in a row, PAD/BOS, and EOS unless allowed. A note held too
/// long gets its NOTE_OFF forced. Then temperature, repetition guard, top-k and top-p, and a seeded draw.
/// Buffers are allocated once; <see cref="Sample"/> allocates nothing. Not thread-safe (one per generator).
/// </summary>
public sealed class Sampler
{
    private const int Pitches = 128;
    private const double TimeEpsilon = 1e-9;

    private readonly bool[] _sounding = new bool[Pitches];
    private readonly double[] _onset = new double[Pitches];
    private readonly bool[] _allowed = new bool[Vocabulary.Size];
    private readonly float[] _probabilities = new float[Vocabulary.Size];
    private readonly float[] _sortKeys = new float[Vocabulary.Size];
    private readonly int[] _sortTokens = new int[Vocabulary.Size];
    private readonly int[] _recentPitches;
    private readonly int[] _recentCount = new int[Pitches];
    private readonly Random _random;
    private int _recentNext;
    private int _soundingCount;
    private double _elapsed;
    private double _silence;
    private int _lastToken = -1;

    /// <summary>Creates a sampler; its random generator is seeded once, here.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A setting is out of range.</exception>
    public Sampler(SamplerSettings? settings = null)
    {
        Settings = settings ?? new SamplerSettings();
        var s = Settings;
        if (!(s.Temperature >= 0) || !float.IsFinite(s.Temperature))
        {
            throw new ArgumentOutOfRangeException(nameof(settings), s.Temperature, "Temperature must be a finite number >= 0.");
        }

        if (s.TopK < 0 || !(s.TopP > 0 && s.TopP <= 1) || s.MaxPolyphony < 1 || !(s.MaxSilenceSeconds >= 0) || !(s.MaxNoteSeconds > 0)
            || !(s.RepetitionPenalty >= 1) || s.RepetitionWindow < 0)
        {
            throw new ArgumentOutOfRangeException(
                nameof(settings),
                s,
                "Need TopK >= 0, 0 < TopP <= 1, MaxPolyphony >= 1, MaxSilenceSeconds >= 0, MaxNoteSeconds > 0, RepetitionPenalty >= 1, RepetitionWindow >= 0.");
        }

        _recentPitches = new int[s.RepetitionWindow];
        _random = s.Seed is int seed ? new Random(seed) : new Random();
        Reset();
    }

    public SamplerSettings Settings { get; }

    /// <summary>Number of notes sounding now.</summary>
    public int SoundingCount => _soundingCount;

    /// <summary>Seconds of TIME_SHIFT seen since <see cref="Reset"/>.</summary>
    public double ElapsedSeconds => _elapsed;

    /// <summary>Seconds of TIME_SHIFT since the last note-on with nothing sounding.</summary>
    public double SilenceSeconds => _silence;

    /// <summary>Whether <paramref name="pitch"/> is sounding.</summary>
    public bool IsSounding(int pitch) => _sounding[pitch];

    /// <summary>Writes the sounding pitches (ascending) into <paramref name="destination"/> and returns how many.</summary>
    public int CopySoundingPitches(Span<int> destination)
    {
        var n = 0;
        for (var p = 0; p < Pitches && n < destination.Length; p++)
        {
            if (_sounding[p])
            {
                destination[n++] = p;
            }
        }

        return n;
    }

    /// <summary>Forgets the notes, the clock and the recent pitches (a new phrase). The random stream continues.</summary>
    public void Reset()
    {
        Array.Clear(_sounding);
        Array.Clear(_recentCount);
        Array.Fill(_recentPitches, -1);
        _recentNext = 0;
        _soundingCount = 0;
        _elapsed = 0;
        _silence = 0;
        _lastToken = -1;
    }

    /// <summary>
    /// Updates the grammar state with a token that happened (a primer token, or one this sampler chose).
    /// Tokens the grammar would forbid (e.g. NOTE_OFF of a silent pitch in a primer) change nothing.
    /// </summary>
    public void Accept(int token)
    {
        if (Vocabulary.IsNoteOn(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            if (!_sounding[pitch])
            {
                _sounding[pitch] = true;
                _onset[pitch] = _elapsed;
                _soundingCount++;
            }

            _silence = 0;
            Remember(pitch);
        }
        else if (Vocabulary.IsNoteOff(token))
        {
            var pitch = Vocabulary.PitchOf(token);
            if (_sounding[pitch])
            {
                _sounding[pitch] = false;
                _soundingCount--;
            }
        }
        else if (Vocabulary.IsTimeShift(token))
        {
            var seconds = Vocabulary.StepsOf(token) * Vocabulary.TimeStepSeconds;
            _elapsed += seconds;
            if (_soundingCount == 0)
            {
                _silence += seconds;
            }
        }

        _lastToken = token;
    }

    /// <summary>
    /// Picks the next token from <paramref name="logits"/> [V] (overwritten: they become scaled, masked
    /// logits) and accepts it. Allocation-free.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="logits"/> is not <see cref="Vocabulary.Size"/> long.</exception>
    public int Sample(Span<float> logits)
    {
        if (logits.Length != Vocabulary.Size)
        {
            throw new ArgumentException($"Expected {Vocabulary.Size} logits, got {logits.Length}.", nameof(logits));
        }

        var forced = OverdueNoteOff();
        if (forced >= 0)
        {
            Accept(forced);
            return forced;
        }

        ComputeAllowed();
        var token = Choose(logits);
        Accept(token);
        return token;
    }

    /// <summary>Whether the grammar allows <paramref name="token"/> now (ignores forced note-offs).</summary>
    public bool IsAllowed(int token)
    {
        ComputeAllowed();
        return _allowed[token];
    }

    private int OverdueNoteOff()
    {
        var oldest = -1;
        for (var p = 0; p < Pitches; p++)
        {
            if (_sounding[p] && _elapsed - _onset[p] > Settings.MaxNoteSeconds + TimeEpsilon && (oldest < 0 || _onset[p] < _onset[oldest]))
            {
                oldest = p;
            }
        }

        return oldest < 0 ? -1 : Vocabulary.NoteOff(oldest);
    }

    private void ComputeAllowed()
    {
        var noteOnAllowed = _soundingCount < Settings.MaxPolyphony;
        for (var p = 0; p < Pitches; p++)
        {
            _allowed[Vocabulary.NoteOn(p)] = noteOnAllowed && !_sounding[p];
            _allowed[Vocabulary.NoteOff(p)] = _sounding[p];
        }

        for (var steps = 1; steps <= Vocabulary.TimeShiftSteps; steps++)
        {
            _allowed[Vocabulary.TimeShift(steps)] = _soundingCount > 0
                || _silence + (steps * Vocabulary.TimeStepSeconds) <= Settings.MaxSilenceSeconds + TimeEpsilon;
        }

        var velocityAllowed = !Vocabulary.IsVelocity(_lastToken);
        for (var bin = 0; bin < Vocabulary.VelocityBins; bin++)
        {
            _allowed[Vocabulary.Velocity(bin)] = velocityAllowed;
        }

        _allowed[Vocabulary.Pad] = false;
        _allowed[Vocabulary.Bos] = false;
        _allowed[Vocabulary.Eos] = Settings.AllowEos;
    }

    private int Choose(Span<float> logits)
    {
        // Masked or non-finite logits become -inf; the repetition guard scales recently played pitches.
        var penalty = Settings.RepetitionPenalty;
        var best = -1;
        for (var t = 0; t < logits.Length; t++)
        {
            var value = logits[t];
            if (!_allowed[t] || float.IsNaN(value))
            {
                logits[t] = float.NegativeInfinity;
                continue;
            }

            if (penalty > 1 && Vocabulary.IsNoteOn(t) && _recentCount[Vocabulary.PitchOf(t)] > 0)
            {
                value = value > 0 ? value / penalty : value * penalty;
                logits[t] = value;
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

        if (Settings.Temperature == 0 || float.IsNegativeInfinity(logits[best]) || float.IsPositiveInfinity(logits[best]))
        {
            // Greedy; also the fallback when every allowed logit is -inf or one is +inf.
            return float.IsNegativeInfinity(logits[best]) ? UniformAllowed() : best;
        }

        // p ∝ exp((logit - max) / T), zero for masked tokens.
        var probabilities = _probabilities.AsSpan();
        TensorPrimitives.Subtract(logits, logits[best], probabilities);
        TensorPrimitives.Multiply(probabilities, 1f / Settings.Temperature, probabilities);
        TensorPrimitives.Exp(probabilities, probabilities);

        if (Settings.TopK > 0 || Settings.TopP < 1)
        {
            return ChooseFromNucleus(probabilities);
        }

        return Draw(probabilities, TensorPrimitives.Sum(probabilities));
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
        var keep = Settings.TopK > 0 ? Math.Min(Settings.TopK, n) : n;
        if (keep < n)
        {
            // Partition so the K most likely come first (expected O(V)); sorting all V would cost more than the head.
            SelectSmallest(keys, tokens, keep);
        }

        if (Settings.TopP < 1)
        {
            // The nucleus needs the kept tokens in order of probability.
            keys[..keep].Sort(tokens[..keep]);
        }

        float total = 0;
        for (var i = 0; i < keep; i++)
        {
            total -= keys[i];
        }

        if (Settings.TopP < 1)
        {
            // The smallest prefix whose share of the kept mass reaches P.
            float cumulative = 0;
            var cut = 0;
            while (cut < keep)
            {
                cumulative -= keys[cut++];
                if (cumulative >= Settings.TopP * total)
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

    private int Draw(ReadOnlySpan<float> probabilities, float total)
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

    private int UniformAllowed()
    {
        var count = 0;
        foreach (var allowed in _allowed)
        {
            count += allowed ? 1 : 0;
        }

        var pick = _random.Next(count);
        for (var t = 0; t < _allowed.Length; t++)
        {
            if (_allowed[t] && pick-- == 0)
            {
                return t;
            }
        }

        throw new InvalidOperationException("unreachable: the allowed count changed while drawing");
    }

    private void Remember(int pitch)
    {
        if (_recentPitches.Length == 0)
        {
            return;
        }

        var evicted = _recentPitches[_recentNext];
        if (evicted >= 0)
        {
            _recentCount[evicted]--;
        }

        _recentPitches[_recentNext] = pitch;
        _recentCount[pitch]++;
        _recentNext = (_recentNext + 1) % _recentPitches.Length;
    }
}
