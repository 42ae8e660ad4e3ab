namespace EdgeMeta.Trainer;

internal static class Program
{
    private static int Main(string[] args) =>
        CommandLineHost.Run("edgemeta-train: EdgeMeta trainer (corpus statistics, meta-training, few-shot evaluation, ONNX export).", args);
}
