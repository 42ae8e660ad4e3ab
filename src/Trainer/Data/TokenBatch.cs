using EdgeMeta.EdgeRuntime.Tokens;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Data;

/// <summary>
/// Phrases as a padded next-event batch: each phrase becomes BOS + events + EOS, inputs are that sequence
/// without its last token and targets without its first, one phrase per column, PAD after the end.
/// Each phrase starts from a zero recurrent state, as on the device.
/// </summary>
public sealed class TokenBatch : IDisposable
{
    private TokenBatch(Tensor inputs, Tensor targets, int eventCount)
    {
        Inputs = inputs;
        Targets = targets;
        EventCount = eventCount;
    }

    /// <summary>[T, B] int64.</summary>
    public Tensor Inputs { get; }
    /// <summary>[T, B] int64; PAD where there is nothing to predict.</summary>
    public Tensor Targets { get; }
    /// <summary>Number of predicted (non-PAD) targets: the N of "mean cross-entropy per event".</summary>
    public int EventCount { get; }

    /// <summary>
    /// Builds a batch; phrases longer than <paramref name="maxEvents"/> events keep their first
    /// <paramref name="maxEvents"/> events (then EOS), which bounds the cost of a step.
    /// </summary>
    /// <exception cref="ArgumentException">No phrases, or a token outside the vocabulary.</exception>
    public static TokenBatch FromPhrases(IReadOnlyList<Phrase> phrases, int maxEvents, Device? device = null)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxEvents);
        if (phrases.Count == 0)
        {
            throw new ArgumentException("A token batch needs at least one phrase.", nameof(phrases));
        }

        var sequences = phrases.Select(p => new Phrase(p.Tokens.Length > maxEvents ? p.Tokens[..maxEvents] : p.Tokens).ToModelSequence()).ToArray();
        var steps = sequences.Max(s => s.Length) - 1;
        var batch = sequences.Length;
        var inputs = new long[steps * batch];
        var targets = new long[steps * batch];
        Array.Fill(inputs, Vocabulary.Pad);
        Array.Fill(targets, Vocabulary.Pad);
        var events = 0;
        for (var b = 0; b < batch; b++)
        {
            var sequence = sequences[b];
            foreach (var token in sequence)
            {
                if (token is < 0 or >= Vocabulary.Size)
                {
                    throw new ArgumentException($"Phrase {b} holds token {token}, outside the vocabulary [0, {Vocabulary.Size}).", nameof(phrases));
                }
            }

            for (var t = 0; t < sequence.Length - 1; t++)
            {
                inputs[t * batch + b] = sequence[t]; // row-major [T, B]
                targets[t * batch + b] = sequence[t + 1];
                events++;
            }
        }

        return new TokenBatch(
            tensor(inputs, [steps, batch], device: device),
            tensor(targets, [steps, batch], device: device),
            events);
    }

    public void Dispose()
    {
        Inputs.Dispose();
        Targets.Dispose();
    }
}
