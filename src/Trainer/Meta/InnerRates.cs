using System.Globalization;
using System.Text.Json;
using EdgeMeta.EdgeRuntime.Tokens;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Meta;

/// <summary>
/// Meta-SGD's learned inner learning rates (Li et al. 2017) in the per-row form: one rate per output row of the
/// adapter's head, i.e. per vocabulary token, shared by that token's weight row and its bias entry. Stored as log-rates
/// (a meta-parameter the outer optimiser updates) so every rate stays positive; rate = exp(logRate), initialised to the
/// plain inner learning rate. The rest of the adapted parameters (the low-rank residual, or the backbone for MAML)
/// keep the plain rate. Saved as JSON (<see cref="FileName"/>) beside a run's model.dat.
/// </summary>
public sealed class InnerRates : IDisposable
{
    /// <summary>The file in a run folder (and its checkpoint) that holds the learned rates.</summary>
    public const string FileName = "inner-rates.json";

    private InnerRates(Parameter logRates) => LogRates = logRates;

    /// <summary>log η per output row, shape [V]; requires grad.</summary>
    public Parameter LogRates { get; }

    /// <summary>Number of rows (the vocabulary size).</summary>
    public int Rows => (int)LogRates.shape[0];

    /// <summary>η = exp(log η), shape [V], in the autograd graph of <see cref="LogRates"/> (compute it per meta-step).</summary>
    public Tensor Rates() => LogRates.exp();

    /// <summary>η outside the autograd graph (for evaluation; the caller disposes it).</summary>
    public Tensor DetachedRates()
    {
        using var noGrad = no_grad();
        return LogRates.exp();
    }

    /// <summary>η as floats (detached).</summary>
    public float[] Values()
    {
        using var noGrad = no_grad();
        using var rates = LogRates.exp();
        return rates.to_type(ScalarType.Float32).data<float>().ToArray();
    }

    /// <summary>Every row at <paramref name="learningRate"/>.</summary>
    public static InnerRates Create(double learningRate, int rows = Vocabulary.Size)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(learningRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        return FromValues(Enumerable.Repeat((float)learningRate, rows).ToArray());
    }

    /// <summary>Rates from explicit positive values.</summary>
    /// <exception cref="ArgumentException">A rate is not positive and finite.</exception>
    public static InnerRates FromValues(IReadOnlyList<float> rates)
    {
        ArgumentNullException.ThrowIfNull(rates);
        if (rates.Count == 0 || rates.Any(r => !(r > 0) || !float.IsFinite(r)))
        {
            throw new ArgumentException("inner rates must be a non-empty list of positive finite numbers", nameof(rates));
        }

        using var noGrad = no_grad();
        var logs = rates.Select(r => MathF.Log(r)).ToArray();
        return new InnerRates(new Parameter(tensor(logs), requires_grad: true));
    }

    /// <summary>Overwrites the log-rates with those of <paramref name="other"/>.</summary>
    public void CopyFrom(InnerRates other)
    {
        ArgumentNullException.ThrowIfNull(other);
        using var noGrad = no_grad();
        LogRates.copy_(other.LogRates);
    }

    /// <summary>
    /// Writes the log-rates (exact: what a resumed run continues from) and, for reading, the rates, as JSON arrays of
    /// <see cref="Rows"/> numbers.
    /// </summary>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        float[] logs;
        using (no_grad())
        {
            logs = LogRates.detach().to_type(ScalarType.Float32).data<float>().ToArray();
        }

        File.WriteAllText(path, JsonSerializer.Serialize(new RatesFile(logs, Values())));
    }

    /// <summary>Reads a file written by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">Not a rates file, or a rate is not positive.</exception>
    public static InnerRates Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            var file = JsonSerializer.Deserialize<RatesFile>(File.ReadAllText(path)) ?? throw new InvalidDataException($"{path}: empty rates file.");
            var logs = file.LogRates ?? throw new InvalidDataException($"{path}: no logRates.");
            if (logs.Length == 0 || !Array.TrueForAll(logs, float.IsFinite))
            {
                throw new InvalidDataException($"{path}: logRates must be a non-empty list of finite numbers.");
            }

            using var noGrad = no_grad();
            return new InnerRates(new Parameter(tensor(logs), requires_grad: true));
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: {ex.Message}", ex);
        }
    }

    /// <summary>
    /// min / median / max of the rates over all rows and over the token groups of the performance vocabulary
    /// (NOTE_ON, NOTE_OFF, TIME_SHIFT, VELOCITY, and the specials PAD/BOS/EOS), one line each.
    /// </summary>
    public string Summary()
    {
        var values = Values();
        var lines = new List<string> { "| rows | count | min | median | max | mean |", "|---|---:|---:|---:|---:|---:|" };
        foreach (var (name, range) in Groups(values.Length))
        {
            var (offset, count) = range.GetOffsetAndLength(values.Length);
            if (count == 0)
            {
                continue;
            }

            var group = values.AsSpan(offset, count).ToArray();
            Array.Sort(group);
            var median = count % 2 == 1 ? group[count / 2] : (group[(count / 2) - 1] + group[count / 2]) / 2;
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {name} | {count} | {group[0]:F4} | {median:F4} | {group[^1]:F4} | {group.Average():F4} |"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static IEnumerable<(string Name, Range Rows)> Groups(int rows)
    {
        Range Clip(int start, int count) => Math.Min(start, rows)..Math.Min(start + count, rows);
        yield return ("all", 0..rows);
        yield return ("NOTE_ON", Clip(Vocabulary.NoteOnOffset, 128));
        yield return ("NOTE_OFF", Clip(Vocabulary.NoteOffOffset, 128));
        yield return ("TIME_SHIFT", Clip(Vocabulary.TimeShiftOffset, Vocabulary.TimeShiftSteps));
        yield return ("VELOCITY", Clip(Vocabulary.VelocityOffset, Vocabulary.VelocityBins));
        yield return ("PAD/BOS/EOS", Clip(Vocabulary.Pad, 3));
    }

    public void Dispose() => LogRates.Dispose();

    internal sealed record RatesFile(float[]? LogRates, float[]? Rates);
}
