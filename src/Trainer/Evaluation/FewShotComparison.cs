using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.Trainer.Export;
using EdgeMeta.Trainer.Training;

namespace EdgeMeta.Trainer.Evaluation;

/// <summary>
/// The design's few-shot comparison for one trained run (and optionally a pretrain baseline), all on the
/// same held-out tasks: (a) the run's meta-learned adapter unadapted and (b) adapted by the device's
/// inner loop, both through the exported ONNX backbone and EdgeRuntime's adapter code; (c) the baseline
/// run fine-tuned with the same budget (same parameters, steps and learning rate); (d) PPM built from the
/// support alone; (e) the adapted model mixed with PPM (IDyOM-style long-term + short-term).
/// </summary>
public static class FewShotComparison
{
    /// <summary>Runs the comparison and returns its results; the backbone is exported to <paramref name="workDirectory"/>.</summary>
    /// <param name="run">The run to evaluate.</param>
    /// <param name="baseline">A pretrain run scored on the same tasks, or null.</param>
    /// <param name="heldOut">Held-out tasks (families the runs never trained on).</param>
    /// <param name="settings">Protocol settings (K values, seed, tasks per family).</param>
    /// <param name="workDirectory">Scratch folder for the exported model folder.</param>
    /// <param name="log">Receives progress lines.</param>
    /// <exception cref="ArgumentException">No held-out task is long enough for the largest K.</exception>
    public static FewShotResults Run(TrainedRun run, TrainedRun? baseline, IReadOnlyList<MusicTask> heldOut, FewShotSettings settings, string workDirectory, Action<string>? log = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(heldOut);
        ArgumentNullException.ThrowIfNull(settings);

        // The device path is evaluated on exactly what a device would load: the exported folder.
        var folder = Path.Combine(workDirectory, "model");
        ModelExporter.Export(run, folder, log: log);
        var model = ModelFolder.Load(folder);
        using var backbone = new OnnxBackbone(model.BackbonePath, new BackboneSessionOptions { IntraOpThreads = 1, Log = log });

        var unadapted = new DeviceAdapterMethod("unadapted", backbone, model.InitialAdapter, innerLoop: null);
        var adapted = new DeviceAdapterMethod("device adapter", backbone, model.InitialAdapter, model.InnerLoop);
        var ppm = new PpmMethod();
        var methods = new List<IFewShotMethod> { unadapted, adapted };
        if (baseline is not null)
        {
            methods.Add(new TorchModelMethod($"{baseline.Metadata.Algorithm} fine-tuned", baseline.Model, model.InnerLoop.Steps, model.InnerLoop.LearningRate));
        }

        methods.Add(ppm);
        methods.Add(new MixtureMethod(adapted, ppm, name: "device adapter + PPM"));

        var runner = new FewShotRunner(settings);
        var progress = new Progress<string>(line => log?.Invoke(line));
        return runner.Run(heldOut, methods, progress);
    }

    /// <summary>The held-out tasks of <paramref name="run"/> among <paramref name="tasks"/>.</summary>
    /// <exception cref="InvalidOperationException">None of the tasks is in the run's held-out families.</exception>
    public static IReadOnlyList<MusicTask> HeldOutTasks(TrainedRun run, IReadOnlyList<MusicTask> tasks, IReadOnlyList<string>? holdoutOverride = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var holdout = holdoutOverride is { Count: > 0 } ? holdoutOverride : run.Config.Training.Holdout;
        var (_, heldOut) = HoldoutSplit.Split(tasks, holdout);
        if (heldOut.Count == 0)
        {
            throw new InvalidOperationException($"{run.Directory}: none of the loaded tasks is in the held-out families [{string.Join(", ", holdout)}].");
        }

        if (holdoutOverride is { Count: > 0 })
        {
            var trained = holdoutOverride.Where(f => !HoldoutSplit.IsHeldOut(f, run.Config.Training.Holdout)).ToArray();
            if (trained.Length > 0)
            {
                throw new InvalidOperationException($"{run.Directory}: [{string.Join(", ", trained)}] were not held out when this run trained; scoring them would measure memory, not adaptation.");
            }
        }

        return heldOut;
    }
}
