using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;

namespace EdgeMeta.EdgeRuntime.Realtime;

/// <summary>
/// The real brain for the engine: the exported ONNX backbone, the adapter head and the sampler
/// (<see cref="Generator"/>), adapted on the device by the meta-learned inner loop (<see cref="InnerLoop"/>).
/// Two backbone sessions: one steps the answer, the other computes support features for adaptation, so
/// adaptation never disturbs the recurrent state of an answer being played. Each adaptation starts from
/// the performer's profile (or the meta-learned init) and swaps the result into the head atomically.
/// </summary>
public sealed class ModelResponder : IResponder, IDisposable
{
    private readonly OnnxBackbone _playBackbone;
    private readonly OnnxBackbone _adaptBackbone;
    private readonly AdapterParameters _start;
    private readonly AdapterHead _head;
    private readonly InnerLoop _innerLoop;
    private readonly AdaptationBudget _budget;
    private readonly SamplerSettings _sampler;
    private readonly PerformanceTokenizer _tokenizer = new(new TokenizerOptions { ExcludeDrums = false });
    private Generator? _generator;
    private float _generatorTemperature = float.NaN;

    /// <summary>Loads two backbone sessions and a head starting at <paramref name="start"/> (a profile or the init; copied).</summary>
    /// <exception cref="FileNotFoundException">The backbone file is missing.</exception>
    /// <exception cref="InvalidDataException">The backbone is not loadable (message names the file).</exception>
    /// <exception cref="ArgumentException">The adapter does not fit the backbone.</exception>
    public ModelResponder(LoadedModel model, AdapterParameters start, SamplerSettings? sampler = null, BackboneSessionOptions? options = null, AdaptationBudget? budget = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(start);
        _playBackbone = new OnnxBackbone(model.BackbonePath, options);
        try
        {
            _adaptBackbone = new OnnxBackbone(model.BackbonePath, options);
        }
        catch
        {
            _playBackbone.Dispose();
            throw;
        }

        if (start.FeatureSize != _playBackbone.FeatureSize)
        {
            Dispose();
            throw new ArgumentException($"Adapter expects F={start.FeatureSize} features but {model.BackbonePath} gives F={_playBackbone.FeatureSize}.", nameof(start));
        }

        _start = start.Clone();
        _head = new AdapterHead(_start.Clone());
        _innerLoop = new InnerLoop(model.InnerLoop);
        _budget = budget ?? AdaptationBudget.Device;
        _sampler = sampler ?? new SamplerSettings();
        ProviderName = _playBackbone.ProviderName;
    }

    /// <summary>The ONNX Runtime execution provider in use.</summary>
    public string ProviderName { get; }

    /// <summary>The adapter of the most recent adaptation since the last <see cref="Forget"/>, or null.</summary>
    public AdapterParameters? LastAdapted { get; private set; }

    /// <summary>The most recent adaptation's outcome, or null.</summary>
    public AdaptationResult? LastResult { get; private set; }

    public void Adapt(IReadOnlyList<CapturedPhrase> phrases, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(phrases);
        var tokenized = phrases.Select(p => new Phrase(_tokenizer.Encode(p.Notes))).Where(p => p.Length > 0).ToList();
        if (tokenized.Count == 0)
        {
            return;
        }

        var support = SupportBatch.FromPhrases(_adaptBackbone, tokenized);
        var result = _innerLoop.Adapt(_start, support, _budget, cancellationToken);
        _head.Swap(result.Adapted);
        LastAdapted = result.Adapted;
        LastResult = result;
    }

    public void Forget()
    {
        _head.Swap(_start.Clone());
        LastAdapted = null;
        LastResult = null;
    }

    public void BeginResponse(CapturedPhrase? call, float temperature)
    {
        if (_generator is null || temperature != _generatorTemperature)
        {
            // A sampler's temperature is fixed; a new one per change (between answers, never per event).
            _generator = new Generator(_playBackbone, _head, new Sampler(_sampler with { Temperature = temperature }));
            _generatorTemperature = temperature;
            call ??= new CapturedPhrase([], 0, 0, 0, PhraseEndReason.Rest);
        }

        if (call is not null)
        {
            _generator.Prime(_tokenizer.Encode(call.Notes));
        }
    }

    public int NextToken() => _generator?.Next() ?? Vocabulary.Eos;

    public void Dispose()
    {
        _playBackbone.Dispose();
        _adaptBackbone?.Dispose();
    }
}
