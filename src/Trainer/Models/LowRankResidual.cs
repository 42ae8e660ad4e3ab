using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeMeta.Trainer.Models;

/// <summary>
/// Holder of the adapter's low-rank residual parameters, registered as "lora" so that their names are
/// lora.down [r, F] and lora.up [F, r]. The adapter applies them functionally.
/// </summary>
public sealed class LowRankResidual : nn.Module
{
    public LowRankResidual(int featureSize, int rank) : base("lora")
    {
        // down: small random so gradients reach up; up: zero so the residual starts as the identity.
        var bound = 1.0 / Math.Sqrt(featureSize);
        Down = new Parameter(empty(rank, featureSize).uniform_(-bound, bound));
        Up = new Parameter(zeros(featureSize, rank));
        register_parameter("down", Down);
        register_parameter("up", Up);
    }

    /// <summary>[r, F].</summary>
    public Parameter Down { get; }
    /// <summary>[F, r].</summary>
    public Parameter Up { get; }
}
