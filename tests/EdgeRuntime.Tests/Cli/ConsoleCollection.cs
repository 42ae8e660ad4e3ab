namespace EdgeMeta.EdgeRuntime.Tests.Cli;

/// <summary>Tests that redirect the process-wide console run alone, not beside other tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
