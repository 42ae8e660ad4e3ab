namespace EdgeMeta.Trainer.Training;

/// <summary>One held-out task scored before and after the device's inner loop.</summary>
/// <param name="Family">Task family.</param>
/// <param name="Name">Task name (source file).</param>
/// <param name="SupportEvents">Predicted events in the support set.</param>
/// <param name="QueryEvents">Predicted events in the query set (the N of the per-event means).</param>
/// <param name="NllBefore">Query NLL per event (nats) with the meta-learned adapter, unadapted.</param>
/// <param name="NllAfter">Query NLL per event after adapting on the support.</param>
/// <param name="AccuracyBefore">Next-event top-1 accuracy on the query, unadapted.</param>
/// <param name="AccuracyAfter">Next-event top-1 accuracy on the query, adapted.</param>
public sealed record FewShotTaskResult(
    string Family, string Name, int SupportEvents, int QueryEvents,
    double NllBefore, double NllAfter, double AccuracyBefore, double AccuracyAfter);
