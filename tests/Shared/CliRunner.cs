using System.Reflection;

namespace EdgeMeta.Tests.Shared;

/// <summary>
/// Runs a command line in-process as the shell would (its internal Program.Main, exit code returned) and
/// captures what it printed. One lock serialises the console redirection across parallel tests.
/// </summary>
internal static class CliRunner
{
    private static readonly Lock ConsoleGate = new();

    /// <summary>Runs <c>edgemeta ARGS</c>.</summary>
    public static (int Code, string Output, string Error) Edgemeta(params string[] args) => Run("edgemeta", "EdgeMeta.EdgeRuntime.Cli.Program", args);

    /// <summary>Runs <c>edgemeta-train ARGS</c>.</summary>
    public static (int Code, string Output, string Error) Trainer(params string[] args) => Run("edgemeta-train", "EdgeMeta.Trainer.Program", args);

    private static (int Code, string Output, string Error) Run(string assembly, string program, string[] args)
    {
        var main = Assembly.Load(assembly).GetType(program)!.GetMethod("Main", BindingFlags.NonPublic | BindingFlags.Static)!;
        lock (ConsoleGate)
        {
            var (oldOut, oldError) = (Console.Out, Console.Error);
            using var output = new StringWriter();
            using var error = new StringWriter();
            Console.SetOut(output);
            Console.SetError(error);
            try
            {
                var code = (int)main.Invoke(null, [args])!;
                return (code, output.ToString(), error.ToString());
            }
            finally
            {
                Console.SetOut(oldOut);
                Console.SetError(oldError);
            }
        }
    }
}
