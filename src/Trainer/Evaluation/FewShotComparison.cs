using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Duet;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Style;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The design's few-shot comparison for one model (a trained run, exported first, or a model folder) and
/// optionally a pretrain baseline, all on the same held-out tasks: (a) the meta-learned adapter unadapted and
/// (b) adapted by the device's inner loop, both through the ONNX backbone and EdgeRuntime's adapter code, their
/// answers steered toward the performer's style as the device steers them, and (b) once more without steering;
/// (c) the baseline run fine-tuned with the same budget; (d) PPM built from the support alone; (e) the adapted
/// model mixed with PPM; and two baselines that only play: the Continuator (a variable-order Markov model of
/// the support's own notes) and repeating the last support phrase.
/// </summary>
public static class FewShotComparison
{
    /// <summary>
    /// Runs the comparison for a trained run; the backbone is exported to <paramref name="workDirectory"/>. A Meta-SGD run
    /// (<see cref="TrainedRun.Rates"/>) is also scored through the trainer's inner loop with its learned per-row rates,
    /// which the device does not read, and with the plain rate beside it (the same loop as the device adapter's).
    /// </summary>
    /// <param name="run">The run to evaluate.</param>
    /// <param name="baseline">A pretrain run scored on the same tasks, or null.</param>
    /// <param name="heldOut">Held-out tasks (families and corpora the runs never trained on).</param>
    /// <param name="settings">Protocol settings (K values, seed, tasks per family).</param>
    /// <param name="workDirectory">Scratch folder for the exported model folder.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <exception cref="ArgumentException">No held-out task is long enough for the smallest K.</exception>
    public static FewShotResults Run(TrainedRun run, TrainedRun? baseline, IReadOnlyList<MusicTask> heldOut, FewShotSettings settings, string workDirectory, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);

        // The device path is evaluated on exactly what a device would load: the exported folder.
        var folder = Path.Combine(workDirectory, "model");
        // A Meta-SGD run's device row adapts with the plain rate, as a device would today; its learned rates are scored
        // by the trainer-side rows below.
        ModelExporter.Export(run, folder, log: log, plainRateForLearnedRates: true);
        var loaded = ModelFolder.Load(folder);
        IReadOnlyList<IEvaluatedMethod> extra = run.Rates is null
            ? []
            :
            [
                new TorchModelMethod("trainer adapter, learned rates (Meta-SGD)", run.Model, loaded.InnerLoop.Steps, loaded.InnerLoop.LearningRate, rowRates: run.Rates.DetachedRates()),
                new TorchModelMethod("trainer adapter, plain rate", run.Model, loaded.InnerLoop.Steps, loaded.InnerLoop.LearningRate),
            ];
        return Run(loaded, baseline, heldOut, settings, log, extra);
    }

    /// <summary>Runs the comparison for a model folder as a device loads it.</summary>
    /// <param name="model">The loaded model folder.</param>
    /// <param name="baseline">A pretrain run scored on the same tasks, or null.</param>
    /// <param name="heldOut">Held-out tasks.</param>
    /// <param name="settings">Protocol settings.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <param name="extra">More methods, scored after the device's (e.g. a Meta-SGD run's trainer-side loops).</param>
    /// <exception cref="ArgumentException">No held-out task is long enough for the smallest K.</exception>
    public static FewShotResults Run(LoadedModel model, TrainedRun? baseline, IReadOnlyList<MusicTask> heldOut, FewShotSettings settings, Action<string>? log = null, IReadOnlyList<IEvaluatedMethod>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(settings);
        using var backbone = new OnnxBackbone(model.BackbonePath, new BackboneSessionOptions { IntraOpThreads = 1, Log = log });

        var unadapted = new DeviceAdapterMethod("unadapted", backbone, model.InitialAdapter, innerLoop: null);
        var adapted = new DeviceAdapterMethod("device adapter", backbone, model.InitialAdapter, model.InnerLoop);
        var unsteered = new DeviceAdapterMethod("device adapter, no style steering", backbone, model.InitialAdapter, model.InnerLoop, new SamplerSettings { Steering = StyleSteeringSettings.Off });
        // The velocity rows stepping faster than the rest (a performer's dynamics are their own level, which the
        // meta-learned start cannot know), beside the loop exactly as meta-training optimised it.
        var fasterVelocity = new DeviceAdapterMethod("device adapter, velocity rows x3", backbone, model.InitialAdapter, model.InnerLoop, settings: new DuetSettings { VelocityRateScale = 3f });
        // The answer's last notes released at its length, as before they could ring out (DuetSettings.RingOutSeconds).
        var cut = new DeviceAdapterMethod("device adapter, last notes cut at the length", backbone, model.InitialAdapter, model.InnerLoop, settings: new DuetSettings { RingOutSeconds = 0 });
        var ppm = new PpmMethod();
        var methods = new List<IEvaluatedMethod> { unadapted, adapted, unsteered, fasterVelocity, cut };
        methods.AddRange(extra ?? []);
        if (baseline is not null)
        {
            methods.Add(new TorchModelMethod($"{baseline.Metadata.Algorithm} fine-tuned", baseline.Model, model.InnerLoop.Steps, model.InnerLoop.LearningRate));
        }

        methods.Add(ppm);
        methods.Add(new MixtureMethod(adapted, ppm, name: "device adapter + PPM"));
        methods.Add(new ContinuatorMethod());
        methods.Add(new RepeatLastPhraseMethod());

        var runner = new FewShotRunner(settings);
        var progress = new Progress<string>(line => log?.Invoke(line));
        return runner.Run(heldOut, methods, progress);
    }

    /// <summary>The held-out tasks of <paramref name="run"/> among <paramref name="tasks"/> (see <see cref="HeldOutSelection"/>).</summary>
    /// <exception cref="InvalidOperationException">None of the tasks is held out, or a named family was trained on.</exception>
    public static IReadOnlyList<MusicTask> HeldOutTasks(TrainedRun run, IReadOnlyList<MusicTask> tasks, IReadOnlyList<string>? holdoutOverride = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        return HeldOutSelection.Of(run).Select(tasks, holdoutOverride, run.Directory);
    }
}
