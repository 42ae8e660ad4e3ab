namespace EdgeMeta.EdgeRuntime.Cli;

/// <summary>
/// The one place where the CLI turns failures into messages and exit codes. Library code throws
/// exceptions that name the file and the problem; the user sees that message, not a stack trace.
/// Set EDGEMETA_DEBUG=1 to get the stack trace as well.
/// </summary>
internal static class CliErrors
{
    /// <summary>Exit code for bad input (corrupt file, wrong model, bad arguments).</summary>
    public const int BadInput = 2;
    /// <summary>Exit code for an unexpected internal failure.</summary>
    public const int InternalError = 70;

    public static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            Report(ex);
            return BadInput;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Report(ex);
            return InternalError;
        }
    }

    private static void Report(Exception ex)
    {
        Console.Error.WriteLine($"error: {ex.Message}");
        if (Environment.GetEnvironmentVariable("EDGEMETA_DEBUG") == "1")
        {
            Console.Error.WriteLine(ex);
        }
    }
}
