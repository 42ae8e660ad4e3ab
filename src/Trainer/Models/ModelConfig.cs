namespace EdgeMeta.Trainer.Models;

/// <summary>
/// Sizes of the music model. Defaults are a small model that meta-trains on a 2-core CPU in minutes
/// and runs a generation step well under a millisecond on a Raspberry Pi.
/// </summary>
/// <param name="EmbeddingSize">E: token embedding width (default 64).</param>
/// <param name="HiddenSize">H: GRU width, also the feature size F the adapter sees (default 128).</param>
/// <param name="Layers">Number of stacked GRU layers (default 2).</param>
/// <param name="AdapterRank">r: rank of the adapter's low-rank residual on the features; 0 = output layer only (default 0).</param>
/// <param name="Dropout">Dropout between GRU layers during training (default 0: meta-learning rarely needs it).</param>
public sealed record ModelConfig(
    int EmbeddingSize = 64,
    int HiddenSize = 128,
    int Layers = 2,
    int AdapterRank = 0,
    double Dropout = 0.0)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first out-of-range size.</summary>
    public void Validate()
    {
        if (EmbeddingSize <= 0 || HiddenSize <= 0 || Layers <= 0 || AdapterRank < 0 || Dropout is < 0 or >= 1)
        {
            throw new ArgumentException(
                $"Model config out of range: EmbeddingSize={EmbeddingSize}, HiddenSize={HiddenSize}, Layers={Layers} must be > 0; AdapterRank={AdapterRank} >= 0; Dropout={Dropout} in [0, 1).");
        }
    }
}
