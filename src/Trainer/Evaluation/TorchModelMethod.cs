using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// A TorchSharp <see cref="MusicModel"/> as a few-shot method: scored as it is (steps = 0), or after
/// <c>steps</c> plain SGD steps on the support over the named parameters. This is how the protocol runs
/// baseline (c), a jointly pretrained model fine-tuned with the same budget (same parameters, steps and
/// learning rate as the device's inner loop), the trainer-side check of (a), and a Meta-SGD run's adapter adapted with
/// its learned per-row rates (which the device does not read).
/// The model itself is never changed: each episode adapts a detached clone.
/// </summary>
public sealed class TorchModelMethod : IFewShotMethod
{
    private readonly MetaLearner _learner;
    private readonly int _steps;

    /// <summary>Wraps a model.</summary>
    /// <param name="name">Report name, e.g. "pretrain fine-tuned".</param>
    /// <param name="model">The model (put in eval mode here).</param>
    /// <param name="steps">SGD steps on the support per episode; 0 = unadapted.</param>
    /// <param name="learningRate">Inner learning rate.</param>
    /// <param name="adaptedNames">Parameters to fine-tune; default the adapter's (the device's budget).</param>
    /// <param name="rowRates">Meta-SGD's per-row head rates [V] (detached) instead of <paramref name="learningRate"/> on the head, or null.</param>
    public TorchModelMethod(string name, MusicModel model, int steps, double learningRate, IReadOnlyList<string>? adaptedNames = null, Tensor? rowRates = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(model);
        ArgumentOutOfRangeException.ThrowIfNegative(steps);
        Name = name;
        model.eval();
        _learner = new MetaLearner(model, adaptedNames ?? model.AdapterParameterNames, learningRate, firstOrder: true, rowRates);
        _steps = steps;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IReadOnlyList<SequenceDistributions> Predict(FewShotEpisode episode)
    {
        ArgumentNullException.ThrowIfNull(episode);
        using var scope = NewDisposeScope();
        var learner = _learner.CloneDetached();
        if (_steps > 0)
        {
            using var support = TokenBatch.FromPhrases(episode.Support, int.MaxValue);
            for (var step = 0; step < _steps; step++)
            {
                learner.Adapt(learner.Loss(support));
            }
        }

        using var noGrad = no_grad();
        var results = new SequenceDistributions[episode.Query.Count];
        for (var i = 0; i < results.Length; i++)
        {
            // One phrase per batch, so there is no padding and the rows are exactly the phrase's positions.
            using var batch = TokenBatch.FromPhrases([episode.Query[i]], int.MaxValue);
            var logits = learner.Logits(batch); // [T-1, 1, V]
            var positions = (int)logits.shape[0];
            results[i] = SequenceDistributions.FromLogits(logits.reshape(positions, Vocabulary.Size).to_type(ScalarType.Float32).data<float>().ToArray(), positions, Vocabulary.Size);
        }

        return results;
    }
}
