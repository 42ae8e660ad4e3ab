namespace EdgeMeta.EdgeRuntime.Cli;

internal static class Program
{
    private static int Main(string[] args) =>
        CommandLineHost.Run("edgemeta: the EdgeMeta device runtime (inspect MIDI, generate, adapt, respond, play live).", args);
}
