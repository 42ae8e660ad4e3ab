namespace EdgeMeta.Trainer.Meta;

/// <summary>What one meta-step reports.</summary>
/// <param name="Loss">The step's training loss: query NLL per event after adaptation (LM loss for pretrain).</param>
/// <param name="Events">Events processed (forward passes over tokens), for events/s.</param>
public sealed record MetaStepResult(double Loss, long Events);
