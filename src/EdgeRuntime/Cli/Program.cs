using System.CommandLine;

namespace EdgeMeta.EdgeRuntime.Cli;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("edgemeta: the EdgeMeta device runtime (inspect MIDI, generate, adapt, respond, play live).");
        foreach (var command in DiscoverCommands())
        {
            root.Subcommands.Add(command);
        }

        return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    private static IEnumerable<Command> DiscoverCommands() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => ((ICliCommand)Activator.CreateInstance(t, nonPublic: true)!).Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
}
