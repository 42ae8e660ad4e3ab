using System.CommandLine;

namespace EdgeMeta.Trainer;

internal static class Program
{
    private static int Main(string[] args)
    {
        var root = new RootCommand("edgemeta-train: EdgeMeta trainer (corpus statistics, meta-training, few-shot evaluation, ONNX export).");
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
