using System.CommandLine;

namespace EdgeMeta.EdgeRuntime.Cli;

/// <summary>
/// The shared Main of both command lines (this file is compiled into <c>edgemeta</c> and <c>edgemeta-train</c>):
/// a root command with every <see cref="ICliCommand"/> of the program's assembly, run under the one error policy.
/// </summary>
internal static class CommandLineHost
{
    /// <summary>Parses <paramref name="args"/> and runs the chosen command; returns the process exit code.</summary>
    public static int Run(string description, string[] args)
    {
        var root = new RootCommand(description);
        foreach (var command in DiscoverCommands())
        {
            root.Subcommands.Add(command);
        }

        return CliErrors.Run(() => root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false }));
    }

    private static IEnumerable<Command> DiscoverCommands() =>
        typeof(CommandLineHost).Assembly.GetTypes()
            .Where(t => typeof(ICliCommand).IsAssignableFrom(t) && t is { IsClass: true, IsAbstract: false })
            .Select(t => ((ICliCommand)Activator.CreateInstance(t, nonPublic: true)!).Create())
            .OrderBy(c => c.Name, StringComparer.Ordinal);
}
