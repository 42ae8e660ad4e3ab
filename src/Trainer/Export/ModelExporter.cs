using System.Globalization;
using System.Text.Json.Nodes;
using EdgeMeta.EdgeRuntime.Inference;
using EdgeMeta.EdgeRuntime.Models;
using EdgeMeta.EdgeRuntime.Tokens;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Training;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Export;

/// <summary>
/// Turns a training run into a device model folder: backbone.onnx from the trained backbone, the adapter's
/// meta-learned init and inner loop, manifest and model card (written by <see cref="ModelFolderWriter"/>).
/// Before writing, the exported graph is run on ONNX Runtime against the TorchSharp model, so a folder
/// never ships a backbone that computes something else than the one that was trained.
/// </summary>
public static class ModelExporter
{
    /// <summary>Largest max-abs feature difference between ONNX Runtime and TorchSharp the export accepts.</summary>
    public const float ParityTolerance = 1e-4f;

    /// <summary>Exports <paramref name="run"/> into <paramref name="outDirectory"/>; returns the manifest written.</summary>
    /// <param name="run">A loaded training run.</param>
    /// <param name="outDirectory">Model folder to (re)write; its name is the model name unless <paramref name="name"/> is given.</param>
    /// <param name="name">Model name; defaults to the folder name.</param>
    /// <param name="log">Receives progress lines (parity check result, files written).</param>
    /// <param name="cardAppendix">Markdown appended to the generated model card (data notes, the evaluation report); image links are dropped because the folder ships no images.</param>
    /// <param name="plainRateForLearnedRates">Export a Meta-SGD run anyway, for a device that adapts with the plain rate (the evaluation's device row); otherwise such a run is refused.</param>
    /// <exception cref="InvalidOperationException">A trained weight is NaN or infinite, the exported graph disagrees with the trained model beyond <see cref="ParityTolerance"/>, or the run learned per-row inner rates a model folder cannot carry.</exception>
    /// <exception cref="IOException">A file cannot be written.</exception>
    public static ModelManifest Export(TrainedRun run, string outDirectory, string? name = null, Action<string>? log = null, string? cardAppendix = null, bool plainRateForLearnedRates = false)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDirectory);
        name ??= Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDirectory)));
        var model = run.Config.Model;

        // The model folder has no place for per-row inner rates and the device adapts with one rate: an exported
        // Meta-SGD run would adapt with rates it never trained with (and does worse than a plain run, README
        // "Letting the adaptation carry style"). Refused before anything is written rather than dropped silently.
        if (run.Rates is not null && !plainRateForLearnedRates)
        {
            throw new InvalidOperationException($"{run.Directory}: this run learned per-row inner learning rates (training.metaSgd, {InnerRates.FileName}); a model folder cannot carry them yet and the device would adapt with the plain rate instead. Export a run trained without metaSgd.");
        }

        // A diverged run is refused before anything is written: NaN weights would pass the parity check's
        // comparison only by accident and the device would refuse the folder later with a less useful message.
        var backbone = run.Model.ExportBackbone();
        var adapter = run.Model.ExportAdapter();
        if (backbone.FirstNonFinite() is { } badWeight)
        {
            throw new InvalidOperationException(NonFiniteMessage(run, "backbone", badWeight));
        }

        if (adapter.FirstNonFinite() is { } badAdapter)
        {
            throw new InvalidOperationException(NonFiniteMessage(run, "adapter init", badAdapter));
        }

        var onnx = BackboneOnnxExporter.ToBytes(backbone);
        var difference = CheckParity(run, onnx);
        log?.Invoke(string.Create(CultureInfo.InvariantCulture, $"backbone.onnx: {onnx.Length} bytes; ONNX Runtime vs TorchSharp max abs feature difference {difference:E2} (limit {ParityTolerance:E0})"));

        var info = new ManifestInfo(
            name,
            model.EmbeddingSize,
            model.HiddenSize,
            model.Layers,
            new OnnxGraphInfo(
                (int)BackboneOnnxExporter.Opset,
                BackboneOnnxExporter.IrVersion,
                [$"{OnnxBackboneNames.Tokens}: int64 [T, B]", $"{OnnxBackboneNames.State}: float [{model.Layers}, B, {model.HiddenSize}]"],
                [$"{OnnxBackboneNames.Features}: float [T, B, {model.HiddenSize}]", $"{OnnxBackboneNames.StateOut}: float [{model.Layers}, B, {model.HiddenSize}]"]),
            new TrainingInfo(
                run.Metadata.DataFolders,
                [],
                run.Config.Training.Holdout,
                run.Metadata.CommandLine,
                FlattenConfig(run.Config),
                run.Metadata.Steps,
                run.Metadata.ElapsedSeconds,
                run.Metadata.Seed,
                double.IsFinite(run.Metadata.BestValidLoss) ? run.Metadata.BestValidLoss : null),
            Evaluation(run.Metadata));

        var card = ModelCard(name, run, difference);
        if (!string.IsNullOrWhiteSpace(cardAppendix))
        {
            var lines = cardAppendix.Split('\n').Where(line => !line.TrimStart().StartsWith("![", StringComparison.Ordinal));
            card = card.TrimEnd() + "\n\n" + string.Join('\n', lines).Trim() + "\n";
        }

        var manifest = ModelFolderWriter.Write(outDirectory, onnx, adapter, run.InnerLoop, info, card);
        log?.Invoke($"{outDirectory}: model {manifest.ModelId} ({string.Join(", ", manifest.Files.Keys)}, {ModelFolder.ManifestFileName})");
        return manifest;
    }

    private static string NonFiniteMessage(TrainedRun run, string part, (string Tensor, int Index, float Value) bad) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{run.Directory}: the trained {part}'s tensor '{bad.Tensor}' holds {bad.Value} at index {bad.Index} (training diverged); nothing was written. Lower the learning rate and train again.");

    /// <summary>Runs a fixed token sequence through both engines; returns the max abs feature difference.</summary>
    private static float CheckParity(TrainedRun run, byte[] onnx)
    {
        var tokens = Enumerable.Range(0, 48).Select(i => (i * 37 + 11) % Vocabulary.Size).ToArray();
        var temp = Path.Combine(Path.GetTempPath(), $"edgemeta-export-{Guid.NewGuid():N}.onnx");
        try
        {
            File.WriteAllBytes(temp, onnx);
            float[] fromOnnx;
            using (var backbone = new OnnxBackbone(temp))
            {
                fromOnnx = backbone.RunSequence(tokens);
            }

            float[] fromTorch;
            using (NewDisposeScope())
            using (no_grad())
            {
                var ids = tensor(tokens.Select(t => (long)t).ToArray(), [tokens.Length, 1]); // [T, 1]
                fromTorch = run.Model.Backbone.forward(ids, null).Features.cpu().data<float>().ToArray(); // [T, 1, H]
            }

            var difference = 0f;
            for (var i = 0; i < fromOnnx.Length; i++)
            {
                difference = MathF.Max(difference, MathF.Abs(fromOnnx[i] - fromTorch[i]));
            }

            if (!(difference <= ParityTolerance))
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture,
                    $"{run.Directory}: the exported backbone.onnx disagrees with the trained model (max abs feature difference {difference:E2} > {ParityTolerance:E0}); nothing was written."));
            }

            return difference;
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The resolved config as "section.key" → JSON value text, for the manifest.</summary>
    private static Dictionary<string, string> FlattenConfig(RunConfig config)
    {
        var flat = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (section, node) in JsonNode.Parse(config.ToJson())!.AsObject())
        {
            if (node is not JsonObject fields)
            {
                continue;
            }

            foreach (var (key, value) in fields)
            {
                flat[$"{section}.{key}"] = value?.ToJsonString() ?? "null";
            }
        }

        return flat;
    }

    private static Dictionary<string, string> Evaluation(RunMetadata metadata)
    {
        var evaluation = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["held_out_tasks"] = metadata.HeldOutTasks.ToString(CultureInfo.InvariantCulture),
        };
        if (double.IsFinite(metadata.BestValidLoss))
        {
            evaluation["best_valid_query_nll_per_event_adapted"] = metadata.BestValidLoss.ToString("R", CultureInfo.InvariantCulture);
        }

        return evaluation;
    }

    private static string ModelCard(string name, TrainedRun run, float parityDifference)
    {
        var m = run.Config.Model;
        var loop = run.InnerLoop;
        var meta = run.Metadata;
        return string.Create(CultureInfo.InvariantCulture, $"""
            # {name}

            A small performance-event language model for EdgeMeta: it continues what a performer plays and
            adapts to their phrases on the device in milliseconds.

            ## Model
            - Vocabulary: {Vocabulary.Id} ({Vocabulary.Size} tokens: NOTE_ON, NOTE_OFF, TIME_SHIFT 10 ms steps, VELOCITY 32 bins, PAD/BOS/EOS).
            - Backbone (frozen on the device, `backbone.onnx`, ONNX IR {BackboneOnnxExporter.IrVersion}, opset {BackboneOnnxExporter.Opset}):
              embedding E={m.EmbeddingSize}, GRU H={m.HiddenSize} x {m.Layers} layer(s).
            - Adapter (`adapter.safetensors`, adapted on the device): output layer over the features, low-rank residual rank {m.AdapterRank}.
            - Device inner loop: {loop.Steps} {loop.Optimizer} step(s), learning rate {loop.LearningRate}, online Reptile step {loop.ReptileEpsilon}.

            ## Training
            - Algorithm: {run.Config.Training.Algorithm}; {meta.Steps} meta-steps in {meta.ElapsedSeconds:F0} s; seed {meta.Seed}.
            - Data: {string.Join(", ", meta.DataFolders)} ({meta.TrainTasks} training tasks; {meta.HeldOutTasks} held-out tasks).
            - Held-out families: {(run.Config.Training.Holdout.Count == 0 ? "none" : string.Join(", ", run.Config.Training.Holdout))}.
            - Best held-out query NLL per event after adaptation: {(double.IsFinite(meta.BestValidLoss) ? meta.BestValidLoss.ToString("F4", CultureInfo.InvariantCulture) : "not measured")}.
            - Command: `{meta.CommandLine}`

            ## Checks at export
            - ONNX Runtime vs TorchSharp features on a fixed 48-token sequence: max abs difference {parityDifference:E2}.

            ## Intended use and limits
            Interactive music making: call-and-response with a performer. It learned from the training data above and
            reproduces its styles; it knows nothing about harmony it was not shown, and short adaptation favours the
            performer's last phrases over long-range form.
            """);
    }
}
