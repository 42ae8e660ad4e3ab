using System.Diagnostics;
using System.Text.Json;
using EdgeMeta.EdgeRuntime.Corpus;
using EdgeMeta.Trainer.Data;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Models;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Training;

/// <summary>
/// Runs meta-training into a run folder: config.json, run.json, model.dat, metrics.csv, loss.png and
/// checkpoint/ (model.dat, optimizer.dat, state.json); with Meta-SGD also inner-rates.json in both and
/// checkpoint/rates-optimizer.dat. Every random draw of step s (task sampling, augmentation,
/// dropout) is seeded from (seed, s), so on CPU with one thread a resumed run continues bit-identically.
/// </summary>
public sealed class MetaTrainer
{
    public const string ModelFile = "model.dat";
    public const string ConfigFile = "config.json";
    public const string MetadataFile = "run.json";
    public const string MetricsFile = "metrics.csv";
    public const string PlotFile = "loss.png";
    public const string CheckpointFolder = "checkpoint";
    public const string RatesOptimizerFile = "rates-optimizer.dat";

    private readonly RunConfig _config;
    private readonly IReadOnlyList<MusicTask> _tasks;
    private readonly string _runDirectory;
    private readonly IReadOnlyList<string> _dataFolders;
    private readonly string _commandLine;

    public MetaTrainer(RunConfig config, IReadOnlyList<MusicTask> tasks, string runDirectory, IReadOnlyList<string> dataFolders, string commandLine)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(tasks);
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        _config = config;
        _tasks = tasks;
        _runDirectory = runDirectory;
        _dataFolders = dataFolders ?? [];
        _commandLine = commandLine ?? string.Empty;
    }

    /// <summary>
    /// Trains until <see cref="TrainingConfig.Steps"/> (or <paramref name="stopAfterStep"/>, which simulates an interruption).
    /// On "cuda" every tensor is created on the GPU through torch's default device (needs the libtorch-cuda package
    /// instead of libtorch-cpu-linux-x64); bit-identical resume is promised on CPU only.
    /// </summary>
    /// <exception cref="InvalidOperationException">Resume without a checkpoint, or with a different model/sampler config; a fresh run into a folder that has one.</exception>
    /// <exception cref="ArgumentException">No trainable task, or an unknown algorithm or optimiser.</exception>
    public RunMetadata Run(bool resume, Action<TrainingProgress>? progress = null, long stopAfterStep = long.MaxValue, string device = "cpu")
    {
        var training = _config.Training;
        if (device == "cuda" && !cuda.is_available())
        {
            throw new InvalidOperationException("--device cuda: this build has no CUDA libtorch (reference libtorch-cuda-12.x-linux-x64 instead of libtorch-cpu-linux-x64 in src/Trainer/Trainer.csproj).");
        }

        if (device is not ("cpu" or "cuda"))
        {
            throw new ArgumentException($"Unknown device '{device}'; expected cpu or cuda.");
        }

        set_default_device(device == "cuda" ? CUDA : CPU);
        set_num_threads(Math.Max(1, training.Threads));
        var (trainTasks, heldOut) = HoldoutSplit.Split(_tasks, training.Holdout);
        var sampler = new TaskSampler(trainTasks, _config.Sampler, training.Seed);
        // Meta-SGD's log-rates are meta-parameters with their own optimiser and clipping, so the model's updates keep
        // exactly the form they have without Meta-SGD.
        using var rates = training.MetaSgd ? InnerRates.Create(training.InnerLearningRate) : null;
        using var ratesOptimizer = rates is null ? null : CreateOptimizer([rates.LogRates], training, training.MetaSgdLearningRate ?? training.OuterLearningRate);
        var algorithm = MetaAlgorithms.Create(training, rates);
        var evaluator = new FewShotEvaluator(_config.Sampler.Shots, _config.Sampler.QueryPhrases, _config.InnerLoop, training.MaxPhraseEvents);
        Directory.CreateDirectory(_runDirectory);
        var checkpointDir = Path.Combine(_runDirectory, CheckpointFolder);
        var stateFile = Path.Combine(checkpointDir, "state.json");

        random.manual_seed(training.Seed);
        using var model = new MusicModel(_config.Model);
        using var optimizer = CreateOptimizer(model.parameters(), training, training.OuterLearningRate);
        long startStep = 0;
        double best = double.NaN, elapsedBefore = 0;
        if (resume)
        {
            if (!File.Exists(stateFile))
            {
                throw new InvalidOperationException($"{stateFile}: no checkpoint to resume from.");
            }

            var state = JsonSerializer.Deserialize<CheckpointState>(File.ReadAllText(stateFile), RunConfig.JsonOptions)
                ?? throw new InvalidDataException($"{stateFile}: empty checkpoint state.");
            if (state.Config.Model != _config.Model || state.Config.Sampler != _config.Sampler || state.Config.Training with { Steps = 0, HoldoutFamilies = null } != training with { Steps = 0, HoldoutFamilies = null }
                || !state.Config.Training.Holdout.SequenceEqual(training.Holdout))
            {
                throw new InvalidOperationException($"{stateFile}: the checkpoint was made with a different config (only training.steps may change on resume).");
            }

            model.load(Path.Combine(checkpointDir, ModelFile));
            optimizer.load_state_dict(Path.Combine(checkpointDir, "optimizer.dat"));
            if (rates is not null)
            {
                using var saved = InnerRates.Load(Path.Combine(checkpointDir, InnerRates.FileName));
                rates.CopyFrom(saved);
                ratesOptimizer!.load_state_dict(Path.Combine(checkpointDir, RatesOptimizerFile));
            }
            (startStep, best, elapsedBefore) = (state.Step, state.BestValidLoss, state.ElapsedSeconds);
        }
        else if (File.Exists(stateFile))
        {
            throw new InvalidOperationException($"{_runDirectory} already holds a checkpoint; pass --resume to continue it or choose another --out.");
        }
        else if (training.InitFrom is { } initFrom)
        {
            StartFrom(model, initFrom);
        }

        File.WriteAllText(Path.Combine(_runDirectory, ConfigFile), _config.ToJson());
        var metrics = new MetricsLog(Path.Combine(_runDirectory, MetricsFile), startStep);
        var clock = Stopwatch.StartNew();
        var step = startStep;
        model.train();
        while (step < training.Steps && step < stopAfterStep)
        {
            step++;
            var stepClock = Stopwatch.StartNew();
            MetaStepResult result;
            using (NewDisposeScope())
            {
                random.manual_seed(StepSeed.Of(training.Seed, step, 0xd0));
                optimizer.zero_grad();
                ratesOptimizer?.zero_grad();
                result = algorithm.AccumulateGradients(model, sampler.Sample(step), training.MaxPhraseEvents);
                if (training.GradientClip > 0)
                {
                    nn.utils.clip_grad_norm_(model.parameters(), training.GradientClip);
                }

                optimizer.step();
                if (rates is not null)
                {
                    if (training.GradientClip > 0)
                    {
                        nn.utils.clip_grad_norm_([rates.LogRates], training.GradientClip);
                    }

                    ratesOptimizer!.step();
                }
            }

            var eventsPerSecond = result.Events / Math.Max(1e-9, stepClock.Elapsed.TotalSeconds);
            double validBefore = double.NaN, validAfter = double.NaN;
            var last = step == training.Steps || step == stopAfterStep;
            if (heldOut.Count > 0 && ((training.ValidEvery > 0 && step % training.ValidEvery == 0) || step == training.Steps))
            {
                using var validRates = rates?.DetachedRates();
                var results = evaluator.Evaluate(model, heldOut, training.ValidTasks, validRates);
                if (results.Count > 0)
                {
                    validBefore = results.Average(r => r.NllBefore);
                    validAfter = results.Average(r => r.NllAfter);
                    best = double.IsNaN(best) ? validAfter : Math.Min(best, validAfter);
                }
            }

            var elapsed = elapsedBefore + clock.Elapsed.TotalSeconds;
            metrics.Append(step, result.Loss, eventsPerSecond, validBefore, validAfter, elapsed);
            progress?.Invoke(new TrainingProgress(step, training.Steps, result.Loss, eventsPerSecond, double.IsNaN(validAfter) ? null : validAfter));
            if (last || (training.CheckpointEvery > 0 && step % training.CheckpointEvery == 0))
            {
                SaveCheckpoint(model, optimizer, rates, ratesOptimizer, checkpointDir, new CheckpointState(_config, step, best, elapsed, training.Seed));
                var metadata = new RunMetadata(_dataFolders, _commandLine, training.Seed, step, elapsed, best, algorithm.Name, trainTasks.Count, heldOut.Count);
                WriteAtomically(Path.Combine(_runDirectory, MetadataFile), path => File.WriteAllText(path, JsonSerializer.Serialize(metadata, RunConfig.JsonOptions)));
                WriteAtomically(Path.Combine(_runDirectory, ModelFile), path => model.save(path));
                if (rates is not null)
                {
                    WriteAtomically(Path.Combine(_runDirectory, InnerRates.FileName), rates.Save);
                }
            }
        }

        LossPlot.Write(Path.Combine(_runDirectory, MetricsFile), Path.Combine(_runDirectory, PlotFile));
        return new RunMetadata(_dataFolders, _commandLine, training.Seed, step, elapsedBefore + clock.Elapsed.TotalSeconds, best, algorithm.Name, trainTasks.Count, heldOut.Count);
    }

    private static OptimizerHelper CreateOptimizer(IEnumerable<Parameter> parameters, TrainingConfig training, double learningRate) => training.OuterOptimizer.ToLowerInvariant() switch
    {
        "adam" => optim.Adam(parameters, learningRate),
        "sgd" => optim.SGD(parameters, learningRate),
        _ => throw new ArgumentException($"Unknown outer optimizer '{training.OuterOptimizer}'; expected adam or sgd."),
    };

    private static void SaveCheckpoint(MusicModel model, OptimizerHelper optimizer, InnerRates? rates, OptimizerHelper? ratesOptimizer, string directory, CheckpointState state)
    {
        Directory.CreateDirectory(directory);
        WriteAtomically(Path.Combine(directory, ModelFile), path => model.save(path));
        WriteAtomically(Path.Combine(directory, "optimizer.dat"), optimizer.save_state_dict);
        if (rates is not null)
        {
            WriteAtomically(Path.Combine(directory, InnerRates.FileName), rates.Save);
            WriteAtomically(Path.Combine(directory, RatesOptimizerFile), ratesOptimizer!.save_state_dict);
        }

        // state.json last: a checkpoint counts only once its state file says so.
        WriteAtomically(Path.Combine(directory, "state.json"), path => File.WriteAllText(path, JsonSerializer.Serialize(state, RunConfig.JsonOptions)));
    }

    private static void WriteAtomically(string path, Action<string> write)
    {
        var temp = path + ".tmp";
        write(temp);
        File.Move(temp, path, overwrite: true);
    }

    // Loads a finished run's weights as this run's starting point, refusing a different architecture or a
    // starting run that trained on any of this run's held-out families.
    private void StartFrom(MusicModel model, string initFrom)
    {
        using var start = TrainedRun.Load(initFrom);
        if (start.Config.Model != _config.Model)
        {
            throw new InvalidOperationException($"{initFrom}: training.initFrom has model {start.Config.Model}, this run has {_config.Model}.");
        }

        var seen = _config.Training.Holdout.Where(f => !start.Config.Training.Holdout.Contains(f, StringComparer.Ordinal)).ToArray();
        if (seen.Length > 0)
        {
            throw new InvalidOperationException($"{initFrom}: training.initFrom trained on [{string.Join(", ", seen)}], which this run holds out.");
        }

        model.load(Path.Combine(initFrom, ModelFile));
    }
}
