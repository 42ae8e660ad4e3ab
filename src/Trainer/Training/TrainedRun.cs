using System.Text.Json;
using EdgeMeta.EdgeRuntime.Adaptation;
using EdgeMeta.Trainer.Meta;
using EdgeMeta.Trainer.Models;

namespace EdgeMeta.Trainer.Training;

/// <summary>A finished (or checkpointed) run folder loaded for export or evaluation.</summary>
public sealed class TrainedRun : IDisposable
{
    private TrainedRun(string directory, MusicModel model, RunConfig config, RunMetadata metadata, InnerRates? rates)
    {
        Directory = directory;
        Model = model;
        Config = config;
        Metadata = metadata;
        Rates = rates;
    }

    public string Directory { get; }
    /// <summary>The trained model (eval mode, CPU). Owned by this object.</summary>
    public MusicModel Model { get; }
    /// <summary>The resolved config the run was trained with.</summary>
    public RunConfig Config { get; }
    /// <summary>Data folders, command line, seed, steps, elapsed time, best validation loss.</summary>
    public RunMetadata Metadata { get; }
    /// <summary>Meta-SGD's learned per-row inner rates (inner-rates.json) when the run trained them, else null. Owned by this object.</summary>
    public InnerRates? Rates { get; }
    /// <summary>The inner loop the device must run for this model.</summary>
    public InnerLoopSettings InnerLoop => Config.InnerLoop;

    /// <summary>Loads config.json, run.json and model.dat from <paramref name="runDirectory"/> (and inner-rates.json of a Meta-SGD run).</summary>
    /// <exception cref="FileNotFoundException">A file of the run is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">config.json or run.json is not valid.</exception>
    public static TrainedRun Load(string runDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runDirectory);
        var configPath = Require(runDirectory, MetaTrainer.ConfigFile);
        var metadataPath = Require(runDirectory, MetaTrainer.MetadataFile);
        var modelPath = Require(runDirectory, MetaTrainer.ModelFile);
        var config = RunConfig.Parse(File.ReadAllText(configPath), configPath);
        RunMetadata metadata;
        try
        {
            metadata = JsonSerializer.Deserialize<RunMetadata>(File.ReadAllText(metadataPath), RunConfig.JsonOptions)
                ?? throw new InvalidDataException($"{metadataPath}: empty run metadata.");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{metadataPath}: {ex.Message}", ex);
        }

        var model = new MusicModel(config.Model);
        try
        {
            model.load(modelPath);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or IOException)
        {
            model.Dispose();
            throw new InvalidDataException($"{modelPath}: cannot load the model of config {configPath}: {ex.Message}", ex);
        }

        model.eval();
        InnerRates? rates = null;
        if (config.Training.MetaSgd)
        {
            try
            {
                rates = InnerRates.Load(Require(runDirectory, InnerRates.FileName));
            }
            catch
            {
                model.Dispose();
                throw;
            }
        }

        return new TrainedRun(runDirectory, model, config, metadata, rates);
    }

    public void Dispose()
    {
        Model.Dispose();
        Rates?.Dispose();
    }

    private static string Require(string directory, string file)
    {
        var path = Path.Combine(directory, file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path}: missing; is {directory} a training run folder?", path);
    }
}
